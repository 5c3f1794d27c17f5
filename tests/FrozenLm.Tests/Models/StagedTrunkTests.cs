using FrozenLm.FrozenStage;
using FrozenLm.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tests.Models;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class StagedTrunkTests
{
    private const int Dim = 24;
    private const int Depth = 4;

    /// <summary>A minimal host: registers the trunk flat, initialises nothing.</summary>
    private sealed class Host : nn.Module<Tensor, Tensor>
    {
        public Host(StagedTrunk trunk)
            : base(nameof(Host))
        {
            Trunk = trunk;
            trunk.RegisterIn(this);
            RegisterComponents();
        }

        public StagedTrunk Trunk { get; }

        public override Tensor forward(Tensor x) => Trunk.Forward(x);
    }

    private static Host Build(LmStagePosition position, LmStage? stage)
    {
        torch.manual_seed(5);
        var blocks = Enumerable.Range(0, Depth).Select(_ => new VitBlock(Dim, 3, 2.0, 0.0)).ToList();
        var host = new Host(new StagedTrunk(blocks, stage, position));
        host.eval();
        return host;
    }

    private static double MaxAbs(Tensor a, Tensor b) => a.sub(b).abs().max().item<float>();

    [Theory]
    [InlineData(LmStagePosition.Tail, 3)]
    [InlineData(LmStagePosition.Middle, 1)]
    [InlineData(LmStagePosition.Head, -1)]
    public void Given_a_stage_position_When_forward_Then_the_output_equals_blocks_and_stage_run_by_hand_in_that_order(
        LmStagePosition position, int after)
    {
        using var host = Build(position, TinyModels.Stage(LmStageMode.Frozen, Dim));
        var trunk = host.Trunk;
        using var x = torch.randn(2, 5, Dim);

        using var actual = host.forward(x);

        Assert.Equal(after, trunk.StageAfterBlock);
        var y = after < 0 ? trunk.Stage!.forward(x) : x;
        for (var i = 0; i < Depth; i++)
        {
            y = trunk.Blocks[i].forward(y);
            if (i == after)
                y = trunk.Stage!.forward(y);
        }
        Assert.True(MaxAbs(actual, y) <= 1e-6, $"max abs error {MaxAbs(actual, y):E2}");
        // The stage matters: the plain blocks give something else.
        var plain = x;
        foreach (var block in trunk.Blocks)
            plain = block.forward(plain);
        Assert.True(MaxAbs(actual, plain) > 1e-3);
    }

    [Theory]
    [InlineData(LmStagePosition.Tail)]
    [InlineData(LmStagePosition.Head)]
    public void Given_a_position_embedding_When_forward_Then_it_is_added_before_every_block_and_not_before_the_stage(
        LmStagePosition position)
    {
        using var host = Build(position, new MlpStage(Dim, 16));
        var trunk = host.Trunk;
        using var x = torch.randn(2, 5, Dim);
        using var pos = torch.randn(2, 5, Dim);

        using var actual = trunk.Forward(x, pos);

        var y = position == LmStagePosition.Head ? trunk.Stage!.forward(x) : x;
        foreach (var block in trunk.Blocks)
            y = block.forward(y.add(pos));
        if (position == LmStagePosition.Tail)
            y = trunk.Stage!.forward(y);
        Assert.True(MaxAbs(actual, y) <= 1e-6, $"max abs error {MaxAbs(actual, y):E2}");
    }

    [Fact]
    public void Given_capture_When_forward_Then_visual_is_the_stage_input_and_the_last_block_reports_its_attention()
    {
        using var host = Build(LmStagePosition.Middle, TinyModels.Stage(LmStageMode.Frozen, Dim));
        var trunk = host.Trunk;
        using var x = torch.randn(2, 5, Dim);
        var seen = new Dictionary<string, Tensor>();

        using var _ = trunk.Forward(x, capture: (name, t) => seen[name] = t.detach().clone().DetachFromDisposeScope());

        using var afterTwo = trunk.Blocks[1].forward(trunk.Blocks[0].forward(x));
        Assert.True(MaxAbs(seen[CapturePoints.Visual], afterTwo) <= 1e-6);
        Assert.Equal(new long[] { 2, 3, 5, 5 }, seen[CapturePoints.VisualAttentionProbs].shape);
        foreach (var point in CapturePoints.Features)
            Assert.True(seen.ContainsKey(point), $"{point} not reported");
        Assert.Contains(CapturePoints.LmAttentionProbs, seen.Keys);
        foreach (var t in seen.Values)
            t.Dispose();
    }

    [Fact]
    public void Given_no_stage_When_capturing_Then_visual_is_the_last_block_output()
    {
        using var host = Build(LmStagePosition.Head, null);
        var trunk = host.Trunk;
        using var x = torch.randn(2, 5, Dim);
        Tensor? visual = null;

        using var output = trunk.Forward(x, capture: (name, t) =>
        {
            if (name == CapturePoints.Visual)
                visual = t.detach().clone().DetachFromDisposeScope();
        });

        Assert.NotNull(visual);
        Assert.True(MaxAbs(visual!, output) == 0);
        visual!.Dispose();
    }

    [Fact]
    public void Given_a_host_When_listing_keys_Then_the_trunk_is_registered_flat()
    {
        using var host = Build(LmStagePosition.Tail, new MlpStage(Dim, 16));
        var keys = host.named_parameters().Select(p => p.name).ToList();
        Assert.Contains("blocks.3.attn.qkv.weight", keys);
        Assert.Contains("lm_stage.mapper_in.weight", keys);
        Assert.All(keys, k => Assert.True(k.StartsWith("blocks.", StringComparison.Ordinal) || k.StartsWith("lm_stage.", StringComparison.Ordinal), k));
        Assert.Throws<InvalidOperationException>(() => host.Trunk.RegisterIn(host));
    }
}

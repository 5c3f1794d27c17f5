using FrozenLm.Encoders.PointCloud;
using FrozenLm.Models;
using FrozenLm.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tests.PointClouds;

public sealed class PointBertModelTests
{
    private static readonly PointBertConfig Tiny = new()
    {
        Points = 64, Groups = 8, GroupSize = 8, PointNetHidden = 8, EncoderDims = 16, Dim = 16, Depth = 2, Heads = 2,
        PosEmbedHidden = 8, HeadHidden = 12, DropPath = 0, HeadDropout = 0,
    };

    [Fact]
    public void GivenATinyClassifier_WhenForwardAndBackward_ThenLogitsHaveShapeAndEveryParameterGetsAGradient()
    {
        TorchRuntime.EnsureLoaded();
        using var model = new PointBertClassifier(Tiny, classes: 5);
        using var points = randn(3, Tiny.Points, 3);

        using var logits = model.forward(points);
        using var labels = tensor(new long[] { 0, 3, 4 });
        using var loss = nn.functional.cross_entropy(logits, labels);
        loss.backward();

        Assert.Equal(new long[] { 3, 5 }, logits.shape);
        Assert.False(logits.isnan().any().item<bool>());
        // The bias of a linear layer directly followed by BatchNorm has an exactly zero gradient (the norm removes it).
        foreach (var (name, p) in model.named_parameters().Where(np => !np.name.EndsWith("_conv.0.bias", StringComparison.Ordinal)))
            Assert.True(p.grad is not null && p.grad.abs().sum().item<float>() > 0, $"{name} got no gradient");
    }

    [Fact]
    public void GivenAClassifier_WhenListingKeys_ThenTheyFollowPointBertNames()
    {
        TorchRuntime.EnsureLoaded();
        using var model = new PointBertClassifier(Tiny, classes: 5);

        var keys = model.state_dict().Keys.ToHashSet();

        Assert.Contains("encoder.tokenizer.encoder.first_conv.0.weight", keys);
        Assert.Contains("encoder.tokenizer.encoder.second_conv.3.weight", keys);
        Assert.Contains("encoder.tokenizer.reduce_dim.weight", keys);
        Assert.Contains("encoder.cls_token", keys);
        Assert.Contains("encoder.cls_pos", keys);
        Assert.Contains("encoder.pos_embed.2.weight", keys);
        Assert.Contains("encoder.blocks.1.attn.qkv.weight", keys);
        Assert.Contains("norm.weight", keys);
        Assert.Contains("head.cls_head_finetune.3.weight", keys);
    }

    [Fact]
    public void GivenGroups_WhenPointsWithinAGroupArePermuted_ThenMiniPointNetFeaturesAreUnchanged()
    {
        TorchRuntime.EnsureLoaded();
        using var net = new MiniPointNet(8, 16);
        net.eval();
        using var groups = randn(2, 4, 10, 3);
        using var perm = randperm(10);
        using var permuted = groups.index_select(2, perm);

        using var a = net.forward(groups);
        using var b = net.forward(permuted);

        var maxErr = a.sub(b).abs().max().item<float>();
        Assert.Equal(new long[] { 2, 4, 16 }, a.shape);
        Assert.True(maxErr < 1e-5, $"max abs error {maxErr}");
    }

    [Fact]
    public void GivenAnEncoderCapture_WhenForward_ThenCentresAndTokensAreReported()
    {
        TorchRuntime.EnsureLoaded();
        using var encoder = new PointBertBackbone(Tiny);
        var seen = new Dictionary<string, long[]>();
        encoder.Capture = (name, t) => seen[name] = t.shape;
        using var points = randn(2, Tiny.Points, 3);

        using var tokens = encoder.forward(points);

        Assert.Equal(new long[] { 2, Tiny.Groups, 3 }, seen["centres"]);
        Assert.Equal(new long[] { 2, 1 + Tiny.Groups, Tiny.Dim }, seen["visual"]);
        Assert.Equal(new long[] { 2, Tiny.Heads, 1 + Tiny.Groups, 1 + Tiny.Groups }, seen["vit_attn_probs"]);
        Assert.Equal(seen["visual"], tokens.shape);
    }

    [Fact]
    public void GivenBadSizes_WhenValidating_ThenTheFlagIsNamed()
    {
        var e = Assert.Throws<UserInputException>(() => (Tiny with { Groups = 100 }).Validate());
        Assert.Equal("--groups", e.Subject);
        Assert.Equal("--preset", Assert.Throws<UserInputException>(() => PointBertConfig.FromPreset("huge")).Subject);
    }

    [Fact]
    public void GivenANewEncoder_WhenReadingTheTransformerBlocks_ThenTheirLinearsHavePointBertInit()
    {
        TorchRuntime.EnsureLoaded();
        var config = Tiny with { Dim = 64, Heads = 4 };
        using var encoder = new PointBertBackbone(config);

        var linears = encoder.named_parameters().Where(p => p.name.StartsWith("blocks.", StringComparison.Ordinal)
            && (p.name.Contains(".qkv.") || p.name.Contains(".proj.") || p.name.Contains(".fc1.") || p.name.Contains(".fc2."))).ToList();
        // Point-BERT's reference blocks: qkv without bias, so 4 weights + 3 biases per block.
        Assert.Equal(config.Depth * 7, linears.Count);
        Assert.DoesNotContain(linears, p => p.name.EndsWith(".qkv.bias", StringComparison.Ordinal));
        foreach (var (name, p) in linears)
        {
            if (name.EndsWith(".bias", StringComparison.Ordinal))
                Assert.Equal(0f, p.abs().max().item<float>());
            else
                Assert.InRange(p.std().item<float>(), 0.017, 0.023);
        }
    }
}

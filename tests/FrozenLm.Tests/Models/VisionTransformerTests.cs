using FrozenLm.Encoders;
using FrozenLm.FrozenStage;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tests.Models;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class VisionTransformerTests
{
    public static IEnumerable<object[]> Presets() => VitPresets.Names.Select(n => new object[] { n });

    public static IEnumerable<object[]> ModesAndPositions() =>
        from mode in LmStageMode.All
        from position in Enum.GetValues<LmStagePosition>()
        select new object[] { mode, position };

    [Theory]
    [MemberData(nameof(Presets))]
    public void Given_each_preset_width_When_forward_Then_logits_have_the_class_count_and_are_finite(string preset)
    {
        torch.manual_seed(1);
        var config = VitPresets.Apply(preset, new VitConfig { ImageSize = 32, PatchSize = 16, Channels = 3, NumClasses = 7 }) with { Depth = 1 };
        using var model = new VisionTransformer(config);
        using var x = torch.randn(2, 3, 32, 32);
        using var logits = model.forward(x);
        Assert.Equal(new long[] { 2, 7 }, logits.shape);
        Assert.True(logits.isfinite().all().item<bool>());
        using var features = model.ForwardFeatures(x);
        Assert.Equal(new long[] { 2, 5, config.Dim }, features.shape);
    }

    [Theory]
    [MemberData(nameof(ModesAndPositions))]
    public void Given_each_stage_mode_and_position_When_forward_Then_shape_is_kept_and_values_are_finite(LmStageMode mode, LmStagePosition position)
    {
        using var model = TinyModels.Model(mode, position, channels: 3);
        using var x = torch.randn(3, 3, 8, 8);
        using var logits = model.forward(x);
        Assert.Equal(new long[] { 3, 5 }, logits.shape);
        Assert.True(logits.isfinite().all().item<bool>());
    }

    [Fact]
    public void Given_the_residual_flag_When_forward_Then_the_output_differs_from_the_plain_stage()
    {
        using var plain = TinyModels.Model(LmStageMode.Frozen);
        using var residual = TinyModels.Model(LmStageMode.Frozen, residual: true);
        plain.eval();
        residual.eval();
        using var x = torch.randn(2, 1, 8, 8);
        using var a = plain.forward(x);
        using var b = residual.forward(x);
        Assert.True(a.sub(b).abs().max().item<float>() > 1e-4f);
    }

    [Theory]
    [MemberData(nameof(TinyModels.AllModes), MemberType = typeof(TinyModels))]
    public void Given_each_mode_When_backward_Then_every_trainable_param_has_a_gradient_and_no_frozen_one_does(LmStageMode mode)
    {
        using var model = TinyModels.Model(mode);
        model.train();
        using var x = torch.randn(4, 1, 8, 8);
        using var loss = model.forward(x).pow(2).mean();
        loss.backward();
        var trainable = 0;
        var frozen = 0;
        foreach (var (name, p) in model.named_parameters())
        {
            if (p.requires_grad)
            {
                trainable++;
                Assert.True(p.grad is not null, $"{name} has no gradient");
                Assert.True(p.grad!.abs().sum().item<float>() > 0, $"{name} has an all-zero gradient");
            }
            else
            {
                frozen++;
                Assert.True(p.grad is null, $"frozen {name} received a gradient");
                Assert.StartsWith("lm_stage.lm.", name);
            }
        }
        Assert.True(trainable > 0);
        Assert.Equal(mode == LmStageMode.Frozen, frozen > 0);
    }

    [Fact]
    public void Given_a_frozen_stage_When_listing_keys_Then_they_follow_timm_and_the_stage_layout()
    {
        using var model = TinyModels.Model(LmStageMode.Frozen);
        var keys = model.named_parameters().Select(p => p.name).ToHashSet();
        foreach (var key in new[]
                 {
                     "patch_embed.proj.weight", "patch_embed.proj.bias", "cls_token", "pos_embed", "blocks.0.norm1.weight",
                     "blocks.0.attn.qkv.weight", "blocks.0.attn.proj.bias", "blocks.1.norm2.bias", "blocks.1.mlp.fc1.weight",
                     "blocks.1.mlp.fc2.bias", "norm.weight", "head.weight", "head.bias", "lm_stage.mapper_in.weight",
                     "lm_stage.mapper_out.weight", "lm_stage.lm.layers.0.self_attn.q_proj.weight",
                 })
            Assert.Contains(key, keys);
        Assert.DoesNotContain("lm_stage.mapper_in.bias", keys);
    }

    [Fact]
    public void Given_capture_When_forward_Then_every_named_point_is_reported_with_its_shape_and_the_output_is_unchanged()
    {
        using var model = TinyModels.Model(LmStageMode.Frozen);
        model.eval();
        using var x = torch.randn(2, 1, 8, 8);
        using var reference = model.forward(x);
        var shapes = new Dictionary<string, long[]>();
        model.Capture = (name, t) => shapes[name] = t.shape;
        using var captured = model.forward(x);
        model.Capture = null;
        const int tokens = 5;
        Assert.Equal(new long[] { 2, tokens, 24 }, shapes["visual"]);
        Assert.Equal(new long[] { 2, tokens, TinyModels.LmDim }, shapes["mapper_in"]);
        Assert.Equal(new long[] { 2, tokens, TinyModels.LmDim }, shapes["lm_attn"]);
        Assert.Equal(new long[] { 2, tokens, TinyModels.LmDim }, shapes["lm_ffn"]);
        Assert.Equal(new long[] { 2, 4, tokens, tokens }, shapes["lm_attn_probs"]);
        Assert.Equal(new long[] { 2, tokens, 24 }, shapes["mapper_out"]);
        Assert.Equal(new long[] { 2, 3, tokens, tokens }, shapes["vit_attn_probs"]);
        // The explicit-softmax attention path (used while capturing) agrees with the fused kernel.
        Assert.True(reference.sub(captured).abs().max().item<float>() < 1e-5f);
    }

    [Fact]
    public void Given_captured_vit_attention_When_summed_over_keys_Then_rows_are_probabilities()
    {
        using var model = TinyModels.Model(LmStageMode.None);
        model.eval();
        Tensor? probs = null;
        model.Capture = (name, t) =>
        {
            if (name == "vit_attn_probs")
                probs = t.detach().clone().DetachFromDisposeScope();
        };
        using var x = torch.randn(2, 1, 8, 8);
        using var _ = model.forward(x);
        Assert.NotNull(probs);
        using var rowSums = probs!.sum(-1);
        Assert.True(rowSums.sub(1).abs().max().item<float>() < 1e-5f);
        probs.Dispose();
    }

    [Fact]
    public void Given_an_image_of_the_wrong_size_When_forward_Then_a_user_error_names_the_shape()
    {
        using var model = TinyModels.Model(LmStageMode.None);
        using var x = torch.randn(1, 1, 9, 9);
        var e = Assert.Throws<UserInputException>(() => model.forward(x));
        Assert.Contains("expected [B, 1, 8, 8]", e.Message);
    }

    [Fact]
    public void Given_a_patch_that_does_not_divide_the_image_When_building_Then_the_patch_flag_is_named()
    {
        var e = Assert.Throws<UserInputException>(() => new VisionTransformer(TinyModels.Vit() with { PatchSize = 3 }));
        Assert.Equal("--patch", e.Subject);
    }
}

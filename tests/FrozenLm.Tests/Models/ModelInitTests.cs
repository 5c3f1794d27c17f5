using FrozenLm.FrozenStage;
using FrozenLm.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Tests.Models;

/// <summary>
/// Init of the composed models: every module list (the blocks; the LM stage's own layers excluded, they are loaded)
/// has its linears at truncated normal std 0.02 with zero bias, not PyTorch's default; the ViT's tokens follow the
/// paper's reference code; and the parts read their parameters back through the host after a dtype move.
/// </summary>
[Collection(Runtime.RuntimeCollection.Name)]
public sealed class ModelInitTests
{
    private static void AssertListsInitialised(nn.Module model)
    {
        var lists = model.named_modules()
            .Where(m => m.module is ModuleList<Layers.VitBlock> && !m.name.Contains("lm_stage", StringComparison.Ordinal))
            .ToList();
        Assert.NotEmpty(lists);
        foreach (var (listName, list) in lists)
        {
            var linears = list.named_modules().Where(m => m.module is Linear).ToList();
            Assert.NotEmpty(linears);
            foreach (var (name, module) in linears)
            {
                var linear = (Linear)module;
                var std = linear.weight!.std().item<float>();
                Assert.True(std is > 0.015f and < 0.025f, $"{listName}.{name}.weight std {std}: not the 0.02 init");
                if (linear.bias is not null)
                    Assert.True(linear.bias.abs().max().item<float>() == 0f, $"{listName}.{name}.bias is not zero");
            }
        }
    }

    [Fact]
    public void Given_a_new_vit_with_a_stage_When_built_Then_every_block_list_has_the_002_init()
    {
        torch.manual_seed(0);
        var config = TinyModels.Vit(dim: 48) with { Heads = 4 };
        using var vit = new VisionTransformer(config, TinyModels.Stage(LmStageMode.Frozen, 48), LmStagePosition.Middle);
        AssertListsInitialised(vit);
    }

    [Fact]
    public void Given_a_new_point_bert_classifier_When_built_Then_every_block_list_has_the_002_init()
    {
        torch.manual_seed(0);
        var config = ModelKeyTests.TinyPointBert with { Dim = 32, Heads = 4 };
        using var model = new PointBertClassifier(config, 5, TinyModels.Stage(LmStageMode.Frozen, 32));
        AssertListsInitialised(model);
    }

    [Fact]
    public void Given_a_new_vit_When_built_Then_cls_token_is_normal_1e6_pos_embed_and_head_are_trunc_normal_002()
    {
        torch.manual_seed(1);
        using var vit = new VisionTransformer(TinyModels.Vit(dim: 384) with { Heads = 6, ImageSize = 32, PatchSize = 4 });
        var p = vit.named_parameters().ToDictionary(x => x.name, x => x.parameter);

        // The paper's image code (timm vit.py init_weights): nn.init.normal_(cls_token, std=1e-6).
        var clsStd = p["cls_token"].std().item<float>();
        Assert.InRange(clsStd, 0.85e-6f, 1.15e-6f);
        Assert.InRange(p["pos_embed"].std().item<float>(), 0.0195f, 0.0205f);
        Assert.True(p["pos_embed"].abs().max().item<float>() > 0.05f, "pos_embed looks truncated at 2 std");
        Assert.InRange(p["head.weight"].std().item<float>(), 0.018f, 0.022f);
        Assert.Equal(0f, p["head.bias"].abs().max().item<float>());
    }

    [Fact]
    public void Given_a_vit_moved_to_float64_When_a_host_parameter_changes_Then_the_encoder_reads_the_moved_one()
    {
        torch.manual_seed(2);
        using var vit = new VisionTransformer(TinyModels.Vit());
        vit.eval();
        using var x = torch.randn(2, 1, 8, 8);
        using var before = vit.forward(x);

        vit.to(ScalarType.Float64);
        using var x64 = x.to(ScalarType.Float64);
        using var after = vit.forward(x64);
        using var tokens = vit.Encoder.Encode(x64);
        using (torch.no_grad())
            vit.get_parameter("pos_embed")!.add_(1.0);
        using var shifted = vit.Encoder.Encode(x64);

        Assert.Equal(ScalarType.Float64, after.dtype);
        Assert.True(before.to(ScalarType.Float64).sub(after).abs().max().item<double>() < 1e-5);
        Assert.True(shifted.sub(tokens).sub(1.0).abs().max().item<double>() < 1e-12);
    }

    [Fact]
    public void Given_a_point_bert_classifier_moved_to_float64_When_cls_pos_changes_Then_the_encoder_reads_the_moved_one()
    {
        torch.manual_seed(3);
        using var model = new PointBertClassifier(ModelKeyTests.TinyPointBert, 5);
        model.to(ScalarType.Float64);
        using var points = torch.randn(2, ModelKeyTests.TinyPointBert.Points, 3, dtype: ScalarType.Float64);

        var (_, pos) = model.Encoder.Encoder.Encode(points);
        using (torch.no_grad())
            model.get_parameter("encoder.cls_pos")!.add_(1.0);
        var (_, shifted) = model.Encoder.Encoder.Encode(points);

        Assert.Equal(ScalarType.Float64, pos.dtype);
        Assert.True(shifted.select(1, 0).sub(pos.select(1, 0)).sub(1.0).abs().max().item<double>() < 1e-12);
        Assert.True(shifted.narrow(1, 1, 8).sub(pos.narrow(1, 1, 8)).abs().max().item<double>() == 0);
    }
}

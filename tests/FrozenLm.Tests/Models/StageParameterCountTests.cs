using FrozenLm.FrozenStage;
using FrozenLm.Training;
using TorchSharp;

namespace FrozenLm.Tests.Models;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class StageParameterCountTests
{
    [Theory]
    // d, D_lm, MLP hidden, MLP trainable count, frozen mappers 2·d·D (difference 4, 8, 278 parameters)
    [InlineData(192, 384, 382, 147_452, 147_456)]
    [InlineData(96, 384, 380, 73_720, 73_728)]
    [InlineData(384, 4096, 4085, 3_145_450, 3_145_728)]
    public void Given_visual_and_lm_widths_When_sizing_the_mlp_control_Then_its_count_is_the_closest_to_the_mappers(
        int d, int lmDim, int hidden, long mlpCount, long mapperCount)
    {
        Assert.Equal(hidden, MlpStage.MatchedHidden(d, lmDim));
        Assert.Equal(mlpCount, MlpStage.ParameterCount(d, hidden));
        Assert.Equal(mapperCount, 2L * d * lmDim);
        Assert.True(Math.Abs(MlpStage.ParameterCount(d, hidden + 1) - mapperCount) > Math.Abs(mlpCount - mapperCount));
        Assert.True(Math.Abs(MlpStage.ParameterCount(d, hidden - 1) - mapperCount) > Math.Abs(mlpCount - mapperCount));
    }

    [Fact]
    public void Given_the_mlp_and_frozen_stages_When_counting_trainable_parameters_Then_they_match_as_sized()
    {
        torch.manual_seed(0);
        using var mlp = new MlpStage(96, 384);
        var mlpTrainable = mlp.parameters().Where(p => p.requires_grad).Sum(p => p.numel());
        Assert.Equal(73_720, mlpTrainable);
        using var frozen = (LmBlockStage)TinyModels.Stage(LmStageMode.Frozen, 24)!;
        var frozenTrainable = frozen.parameters().Where(p => p.requires_grad).Sum(p => p.numel());
        Assert.Equal(2L * 24 * TinyModels.LmDim, frozenTrainable);
        Assert.Equal(frozenTrainable, frozen.MapperParameterCount);
        using var tinyMlp = new MlpStage(24, TinyModels.LmDim);
        Assert.InRange(tinyMlp.MapperParameterCount - frozenTrainable, -50, 50);
    }

    [Fact]
    public void Given_a_vit_with_a_frozen_stage_When_grouping_parameters_Then_decay_excludes_1d_bias_pos_and_cls_and_frozen_is_apart()
    {
        using var model = TinyModels.Model(LmStageMode.Frozen);
        var groups = ParameterGroups.Of(model);
        var decay = groups.Decay.Select(p => p.Name).ToHashSet();
        var noDecay = groups.NoDecay.Select(p => p.Name).ToHashSet();
        var frozen = groups.Frozen.Select(p => p.Name).ToHashSet();
        Assert.Contains("blocks.0.attn.qkv.weight", decay);
        Assert.Contains("patch_embed.proj.weight", decay);
        Assert.Contains("head.weight", decay);
        Assert.Contains("lm_stage.mapper_in.weight", decay);
        Assert.Contains("pos_embed", noDecay);
        Assert.Contains("cls_token", noDecay);
        Assert.Contains("blocks.0.norm1.weight", noDecay);
        Assert.Contains("blocks.0.attn.qkv.bias", noDecay);
        Assert.Contains("head.bias", noDecay);
        Assert.All(frozen, n => Assert.StartsWith("lm_stage.lm.", n));
        Assert.NotEmpty(frozen);
        Assert.Empty(decay.Intersect(frozen));
        Assert.Empty(noDecay.Intersect(frozen));
        Assert.Equal(model.parameters().Count(), decay.Count + noDecay.Count + frozen.Count);
    }
}

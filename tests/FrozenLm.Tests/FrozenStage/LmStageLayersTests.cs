using FrozenLm.FrozenStage;
using FrozenLm.Tests.LanguageModels;

namespace FrozenLm.Tests.FrozenStage;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class LmStageLayersTests
{
    [Fact]
    public void Given_no_layers_When_resolved_Then_the_last_layer_of_the_model_is_used()
    {
        Assert.Equal([1], LmStageFactory.ResolveLayers(TinyLlamaCheckpoint.Config(2), [], "tiny"));
        Assert.Equal([6], LmStageFactory.ResolveLayers(TinyLlamaCheckpoint.Config(7), [], "tiny"));
        Assert.Equal([2, 0], LmStageFactory.ResolveLayers(TinyLlamaCheckpoint.Config(3), [2, 0], "tiny"));
    }

    [Fact]
    public void Given_an_index_past_the_last_layer_When_resolved_Then_one_line_names_lm_layers_and_the_range()
    {
        var e = Assert.Throws<UserInputException>(() => LmStageFactory.ResolveLayers(TinyLlamaCheckpoint.Config(2), [0, 2], "tiny"));
        Assert.Equal("--lm-layers", e.Subject);
        Assert.Equal("layer 2 is out of range: tiny has 2 layers (0..1)", e.Problem);
        var twice = Assert.Throws<UserInputException>(() => LmStageFactory.ResolveLayers(TinyLlamaCheckpoint.Config(2), [1, 1], "tiny"));
        Assert.Equal(("--lm-layers", "layer 1 is listed twice"), (twice.Subject, twice.Problem));
    }

    [Fact]
    public void Given_a_checkpoint_and_default_options_When_each_lm_variant_is_built_Then_info_holds_the_resolved_last_layer()
    {
        var dir = LmFixtures.Dir("llama");
        foreach (var mode in new[] { LmStageMode.Frozen, LmStageMode.Random, LmStageMode.Mlp })
        {
            var (stage, info) = LmStageFactory.Create(new LmStageOptions { Mode = mode, Source = dir }, visualDim: 8, seed: 2);
            using (stage)
                Assert.Equal([2], info.Layers);
        }
        var e = Assert.Throws<UserInputException>(() =>
            LmStageFactory.Create(new LmStageOptions { Source = dir, Layers = [3] }, visualDim: 8, seed: 2));
        Assert.Equal("--lm-layers", e.Subject);
        Assert.Contains("layer 3 is out of range", e.Problem);
    }
}

using System.Text.Json.Nodes;
using FrozenLm.FrozenStage;
using FrozenLm.Tests.LanguageModels;
using FrozenLm.Tests.Training;
using FrozenLm.Training;

namespace FrozenLm.Tests.FrozenStage;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class DefaultLayerRunTests
{
    [Fact]
    public void Given_a_two_layer_llama_checkpoint_and_no_lm_layers_When_trained_Then_layer_1_is_used_and_recorded()
    {
        var data = TinyImageData.WriteIdx(TestPaths.NewTempDir("default-layer-data"), train: 32, test: 16);
        var lm = TinyLlamaCheckpoint.Write(layers: 2);
        var dir = Path.Combine(TestPaths.NewTempDir("default-layer-run"), "run");
        var options = TinyRuns.Options(data, LmStageMode.Frozen, epochs: 1);
        options = options with { Lm = options.Lm with { Source = lm, Layers = [] } };

        var summary = TrainingRunner.Run(options, dir);

        var config = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, RunFiles.Config)))!;
        Assert.Equal([1], config["options"]!["lm"]!["layers"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.Equal([1], config["lm"]!["layers"]!.AsArray().Select(n => n!.GetValue<int>()));
        Assert.Equal("frozen", config["options"]!["lm"]!["mode"]!.GetValue<string>());
        var llama = TinyLlamaCheckpoint.Config(2);
        Assert.Equal(llama.Family.ParameterCountPerLayer(llama), summary.ParamsFrozen);
        Assert.Equal([1], RunConfig.Load(dir).Options.Lm.Layers);
    }
}

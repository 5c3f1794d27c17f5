using FrozenLm.LanguageModels;
using FrozenLm.LanguageModels.Checkpoints;
using FrozenLm.LanguageModels.Families;
using FrozenLm.Tensors;
using TorchSharp;

namespace FrozenLm.Tests.LanguageModels;

/// <summary>Writes a Hugging Face llama directory of random tiny layers (config.json + model.safetensors).</summary>
internal static class TinyLlamaCheckpoint
{
    public static LmConfig Config(int layers) => new()
    {
        Family = LlamaFamily.Instance, ModelType = "llama", NumLayers = layers, HiddenSize = 16, NumHeads = 4,
        NumKvHeads = 2, HeadDim = 4, FfnSize = 32, NormEps = 1e-6, Activation = "silu",
    };

    public static string Write(int layers, int seed = 3)
    {
        var config = Config(layers);
        var dir = TestPaths.NewTempDir($"llama-{layers}l");
        File.WriteAllText(Path.Combine(dir, HuggingFaceCheckpoint.ConfigFile), HuggingFaceConfig.ToJson(config));
        using var scope = torch.NewDisposeScope();
        using var stack = LmBlockStack.CreateRandom(config, Enumerable.Range(0, layers).ToList(), new LmLoadOptions(), seed);
        SafetensorsWriter.Write(Path.Combine(dir, HuggingFaceCheckpoint.SingleFile), stack.Blocks
            .SelectMany(b => b.named_parameters().Select(p =>
                new KeyValuePair<string, torch.Tensor>($"model.layers.{b.LayerIndex}.{p.name}", p.parameter.detach())))
            .ToList());
        return dir;
    }
}

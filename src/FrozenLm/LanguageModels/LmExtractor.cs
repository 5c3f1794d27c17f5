using FrozenLm.IO;
using FrozenLm.LanguageModels.Checkpoints;
using FrozenLm.Tensors;
using TorchSharp;

namespace FrozenLm.LanguageModels;

/// <summary>
/// Writes a Hugging Face directory holding only some layers of a model, under their original indices and with the
/// source's layer count, so the result loads again with the same <c>--layers</c>.
/// </summary>
public static class LmExtractor
{
    /// <summary>Extracts <paramref name="layers"/> of <paramref name="source"/> to <paramref name="outDir"/>; returns the tensor count.</summary>
    public static int Extract(string source, IReadOnlyList<int> layers, string outDir)
    {
        if (File.Exists(Path.Combine(outDir, HuggingFaceCheckpoint.IndexFile)))
            throw new UserInputException(outDir, $"already holds {HuggingFaceCheckpoint.IndexFile}; extract into a new or empty directory");
        using var checkpoint = LmCheckpointLoader.Open(source);
        var config = checkpoint.Config;
        using (LmBlockStack.Load(checkpoint, layers, new LmLoadOptions { StorageDType = "F32" }))
        {
            // Loading validates every tensor (presence, shape, dtype) before anything is written.
        }
        using var scope = torch.NewDisposeScope();
        var tensors = new List<KeyValuePair<string, torch.Tensor>>();
        foreach (var layer in layers)
        {
            var prefix = LmKeyMap.FindLayerPrefix(checkpoint.Tensors, config.Family, layer)!;
            var canonical = LmKeyMap.CanonicalPrefix(config.Family, layer);
            using var block = config.Family.CreateBlock(config, layer, torch.ScalarType.Float32);
            foreach (var (name, _) in block.named_parameters())
                tensors.Add(new(canonical + name, checkpoint.Tensors.Read(prefix + name)));
        }
        Directory.CreateDirectory(outDir);
        SafetensorsWriter.Write(Path.Combine(outDir, HuggingFaceCheckpoint.SingleFile), tensors,
            new Dictionary<string, string> { ["format"] = "pt", ["frozenlm_source"] = checkpoint.Source });
        AtomicFile.WriteAllText(Path.Combine(outDir, HuggingFaceCheckpoint.ConfigFile), HuggingFaceConfig.ToJson(config));
        return tensors.Count;
    }
}

using FrozenLm.Tensors;

namespace FrozenLm.LanguageModels.Checkpoints;

/// <summary>Opens a Hugging Face model directory (config.json + model.safetensors or model.safetensors.index.json).</summary>
public static class HuggingFaceCheckpoint
{
    public const string ConfigFile = "config.json";
    public const string SingleFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    public static LmCheckpoint Open(string directory)
    {
        if (!Directory.Exists(directory))
            throw new UserInputException(directory, "no such file or directory");
        var config = HuggingFaceConfig.Read(Path.Combine(directory, ConfigFile));
        var single = Path.Combine(directory, SingleFile);
        var index = Path.Combine(directory, IndexFile);
        ITensorSource tensors;
        string format;
        if (File.Exists(index))
        {
            tensors = ShardedSafetensors.Open(index);
            format = "safetensors-sharded";
        }
        else if (File.Exists(single))
        {
            tensors = SafetensorsFile.Open(single);
            format = "safetensors";
        }
        else
        {
            throw new UserInputException(directory,
                $"has {ConfigFile} but neither {SingleFile} nor {IndexFile} (only safetensors weights are read)");
        }
        try
        {
            var stored = StoredDType(config, tensors);
            return new LmCheckpoint
            {
                Config = config with { StoredDType = stored },
                Tensors = tensors,
                Format = format,
                Source = directory,
            };
        }
        catch
        {
            tensors.Dispose();
            throw;
        }
    }

    private static string StoredDType(LmConfig config, ITensorSource tensors)
    {
        for (var layer = 0; layer < config.NumLayers; layer++)
        {
            var prefix = LmKeyMap.FindLayerPrefix(tensors, config.Family, layer);
            if (prefix is null)
                continue;
            var name = tensors.Names.FirstOrDefault(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".weight", StringComparison.Ordinal));
            if (name is not null)
                return tensors.Info(name).DType;
        }
        return config.StoredDType;
    }
}

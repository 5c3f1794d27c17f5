using System.Text.Json;
using System.Text.Json.Nodes;
using FrozenLm.Encoders;
using FrozenLm.Models.VisionLanguage;
using FrozenLm.Tensors;
using TorchSharp;

namespace FrozenLm.Tasks.Vqa;

/// <summary>
/// <c>--init-from RUN</c>: the ViT of an earlier <c>image</c> run (its <c>best.safetensors</c>, else
/// <c>last.safetensors</c>) as the VQA model's image encoder. The run's config.json gives the ViT's shape, which the VQA
/// model adopts; its head and LM stage are not used. A grey-scale run's patch embedding is repeated over the three
/// colour channels and divided by three, so a grey image still gives the same tokens.
/// </summary>
public static class ImageTowerInit
{
    private static readonly string[] WeightFiles = ["best.safetensors", "last.safetensors"];

    /// <summary>The ViT shape of the image run in <paramref name="runDir"/>, with three input channels.</summary>
    public static VitConfig ReadConfig(string runDir)
    {
        var path = Path.Combine(runDir, "config.json");
        if (!File.Exists(path))
            throw new UserInputException("--init-from", $"'{runDir}' is not a run directory (no config.json)");
        JsonObject root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(path))?.AsObject() ?? throw new UserInputException(path, "empty config");
        }
        catch (JsonException e)
        {
            throw new UserInputException(path, "unreadable config: " + e.Message, e);
        }
        var task = root["options"]?["task"]?.GetValue<string>();
        if (task != "image")
            throw new UserInputException("--init-from", $"'{runDir}' is a '{task}' run; the image encoder initialises from an 'image' run");
        var model = root["model"] as JsonObject ?? throw new UserInputException(path, "has no 'model' section");
        int Int(string key) => model[key]?.GetValue<int>() ?? throw new UserInputException(path, $"model section lacks '{key}'");
        return new VitConfig
        {
            Dim = Int("dim"), Depth = Int("depth"), Heads = Int("heads"), PatchSize = Int("patch_size"),
            ImageSize = Int("image_size"), MlpRatio = model["mlp_ratio"]?.GetValue<double>() ?? 4.0, Channels = 3, NumClasses = 2,
        };
    }

    /// <summary>Copies the run's ViT weights into <paramref name="tower"/>; returns the weights file used.</summary>
    public static string Load(ImageTower tower, string runDir)
    {
        var path = WeightFiles.Select(f => Path.Combine(runDir, f)).FirstOrDefault(File.Exists)
            ?? throw new UserInputException("--init-from", $"'{runDir}' has no best.safetensors or last.safetensors");
        using var file = SafetensorsFile.Open(path);
        using var _ = torch.no_grad();
        foreach (var (name, parameter) in tower.named_parameters())
        {
            if (!file.Contains(name))
                throw new UserInputException(path, $"lacks {name} of the image ViT");
            using var value = file.Read(name);
            using var adapted = value.shape.Length == 4 && value.shape[1] == 1 && parameter.shape[1] == 3
                ? value.repeat(1, 3, 1, 1).div(torch.tensor(3f))
                : value.alias();
            if (!adapted.shape.SequenceEqual(parameter.shape))
                throw new UserInputException(path,
                    $"{name} has shape [{string.Join(", ", adapted.shape)}], the image encoder expects [{string.Join(", ", parameter.shape)}]");
            parameter.copy_(adapted);
        }
        return path;
    }
}

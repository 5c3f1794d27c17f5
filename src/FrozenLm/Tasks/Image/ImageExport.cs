using System.Text.Json;
using System.Text.Json.Nodes;
using FrozenLm.FrozenStage;
using FrozenLm.IO;
using FrozenLm.LanguageModels.Checkpoints;
using FrozenLm.LanguageModels.Onnx;
using FrozenLm.Models;
using FrozenLm.Tensors;

namespace FrozenLm.Tasks.Image;

/// <summary>
/// Exports a trained image classifier: ONNX (input <see cref="InputName"/> [batch, C, H, W] normalised with the run's
/// mean and std, output <see cref="OutputName"/> [batch, classes], the description below in <c>metadata_props</c>) or
/// every weight under its timm / Hugging Face key as safetensors, with the same description as <c>config.json</c>.
/// </summary>
public sealed class ImageExport : ITaskExporter
{
    public const string InputName = "pixel_values";
    public const string OutputName = "logits";

    /// <summary>The file written beside an exported safetensors file.</summary>
    public const string ConfigFile = "config.json";

    public void ExportOnnx(ITrainingTask task, string path, ExportProvenance provenance)
    {
        var image = (ImageClassificationTask)task;
        var write = OnnxWriter(image.Vit, Describe(image, provenance));
        AtomicFile.WriteStream(path, write);
    }

    public void ExportSafetensors(ITrainingTask task, string path, ExportProvenance provenance)
    {
        var image = (ImageClassificationTask)task;
        var configPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, ConfigFile);
        if (Path.GetFullPath(configPath) == Path.GetFullPath(Path.Combine(provenance.RunDir, ConfigFile)))
            throw new UserInputException("--out", $"the {ConfigFile} written beside the weights would replace the run's own; choose another folder");
        var description = Describe(image, provenance).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        var weights = image.Vit.state_dict();
        AtomicFile.Write(configPath, temp =>
        {
            File.WriteAllText(temp, description);
            SafetensorsWriter.Write(path, weights, new Dictionary<string, string> { ["format"] = "pt" });
        });
    }

    /// <summary>The ONNX model of <paramref name="vit"/> with <paramref name="description"/> as metadata (one property per key).</summary>
    public static byte[] ToOnnx(VisionTransformer vit, JsonObject description)
    {
        using var stream = new MemoryStream();
        OnnxWriter(vit, description)(stream);
        return stream.ToArray();
    }

    /// <summary>Builds the graph now (so that a model that cannot export fails before any file is opened); the returned
    /// action serialises it.</summary>
    private static Action<Stream> OnnxWriter(VisionTransformer vit, JsonObject description)
    {
        vit.eval();
        var graph = new OnnxGraphBuilder();
        var logits = graph.Node("Identity", [vit.EmitOnnx(graph, graph.Input(InputName))], OutputName);
        if (logits != OutputName)
            throw new InvalidOperationException($"the ONNX output was named '{logits}'");
        var c = vit.Config;
        var metadata = description.Select(p => KeyValuePair.Create(p.Key,
            p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : p.Value?.ToJsonString() ?? "null")).ToList();
        return stream => OnnxModelWriter.Write(stream, graph, "frozenlm_image_classifier",
            [new OnnxTensorSpec(InputName, [null, c.Channels, c.ImageSize, c.ImageSize])],
            [new OnnxTensorSpec(OutputName, [null, c.NumClasses])], metadata,
            "FrozenLm image classifier: pixel_values = (image in [0, 1], bilinear resize to input_size - mean) / std, NCHW; " +
            "logits over class_names.");
    }

    /// <summary>
    /// What a user of the exported model needs: preprocessing (input_size, mean, std), class_names, the model's
    /// hyper-parameters under timm names, the LM stage (mode, position, layers, the LM's config, source and checksum).
    /// </summary>
    public static JsonObject Describe(ImageClassificationTask task, ExportProvenance provenance)
    {
        var vit = task.Vit;
        var c = vit.Config;
        return new JsonObject
        {
            ["format"] = "frozenlm-image-classifier",
            ["task"] = task.Name,
            ["input_name"] = InputName,
            ["output_name"] = OutputName,
            ["input_size"] = new JsonArray(c.Channels, c.ImageSize, c.ImageSize),
            ["interpolation"] = "bilinear",
            ["pixel_range"] = new JsonArray(0, 1),
            ["mean"] = new JsonArray([.. task.Image.Augment.Mean.Select(m => (JsonNode)m)]),
            ["std"] = new JsonArray([.. task.Image.Augment.Std.Select(s => (JsonNode)s)]),
            ["class_names"] = new JsonArray([.. task.ClassNames.Select(n => (JsonNode)n)]),
            ["model"] = new JsonObject
            {
                ["architecture"] = "vit",
                ["img_size"] = c.ImageSize,
                ["patch_size"] = c.PatchSize,
                ["in_chans"] = c.Channels,
                ["num_classes"] = c.NumClasses,
                ["embed_dim"] = c.Dim,
                ["depth"] = c.Depth,
                ["num_heads"] = c.Heads,
                ["mlp_ratio"] = c.MlpRatio,
                ["qkv_bias"] = true,
                ["norm_eps"] = VisionTransformer.NormEps,
                ["class_token"] = true,
                ["global_pool"] = "token",
            },
            ["lm_stage"] = Stage(task, vit),
            ["run"] = Path.GetFullPath(provenance.RunDir),
            ["weights"] = Path.GetFileName(provenance.WeightsFile),
            ["epoch"] = provenance.Epoch,
        };
    }

    private static JsonObject? Stage(ImageClassificationTask task, VisionTransformer vit)
    {
        if (vit.Stage is not { } stage)
            return null;
        var node = new JsonObject
        {
            ["mode"] = stage.Mode.Name,
            ["position"] = vit.Position.ToString().ToLowerInvariant(),
            ["after_block"] = vit.StageAfterBlock,
            ["key_prefix"] = "lm_stage.",
            ["inner_dim"] = stage.InnerDim,
        };
        if (stage is LmBlockStage blocks)
        {
            var info = task.StageInfo;
            node["residual"] = blocks.Residual;
            node["rms_norm"] = blocks.HasRmsNorm;
            node["lm_layers"] = new JsonArray([.. blocks.Blocks.Select(b => (JsonNode)b.LayerIndex)]);
            node["lm_family"] = blocks.Blocks[0].Config.Family.Name;
            node["lm_source"] = info?.Source;
            node["lm_checksum"] = info?.Checksum;
            node["lm_config"] = JsonNode.Parse(HuggingFaceConfig.ToJson(blocks.Blocks[0].Config));
        }
        return node;
    }
}

using FrozenLm.IO;
using System.Text.Json;
using FrozenLm.LanguageModels.Families;

namespace FrozenLm.LanguageModels.Checkpoints;

/// <summary>Binds a Hugging Face <c>config.json</c> to an <see cref="LmConfig"/> and writes one back.</summary>
public static class HuggingFaceConfig
{
    /// <summary>The <c>model_type</c> values the registered families bind.</summary>
    public static IReadOnlyList<string> SupportedModelTypes => LmFamilies.ModelTypes;

    /// <summary>Reads and validates <paramref name="configPath"/>.</summary>
    public static LmConfig Read(string configPath)
    {
        if (!File.Exists(configPath))
            throw new UserInputException(configPath, "no such file or directory");
        try
        {
            using var doc = JsonDocument.Parse(Utf8Text.ReadFile(configPath));
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new UserInputException(configPath, "must be a JSON object");
            return Bind(configPath, doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new UserInputException(configPath, "is not well-formed JSON: " + e.Message.ReplaceLineEndings(" "), e);
        }
    }

    /// <summary>Binds an already parsed config object; <paramref name="subject"/> names it in errors.</summary>
    public static LmConfig Bind(string subject, JsonElement root)
    {
        var reader = new ConfigReader(subject, root);
        var modelType = reader.String("model_type", null)
                        ?? throw new UserInputException(subject, "has no 'model_type'; supported: " + string.Join(", ", SupportedModelTypes));
        var family = LmFamilies.ForModelType(modelType)
                     ?? throw new UserInputException(subject,
                         $"model_type '{modelType}' is not supported; supported: {string.Join(", ", SupportedModelTypes)}");
        var config = family.Bind(reader, modelType);
        Validate(subject, config);
        return config;
    }

    private static void Validate(string subject, LmConfig c)
    {
        if (c.NumLayers <= 0 || c.HiddenSize <= 0 || c.NumHeads <= 0 || c.NumKvHeads <= 0 || c.FfnSize <= 0 || c.HeadDim <= 0)
            throw new UserInputException(subject, "layer count, sizes and head counts must be positive");
        if (c.NumHeads % c.NumKvHeads != 0)
            throw new UserInputException(subject,
                $"num_attention_heads {c.NumHeads} is not a multiple of num_key_value_heads {c.NumKvHeads}");
        if (!c.UsesRmsNorm && c.HiddenSize % c.NumHeads != 0)
            throw new UserInputException(subject, $"hidden size {c.HiddenSize} is not divisible by {c.NumHeads} heads");
        if (!LmActivation.IsSupported(c.Activation))
            throw new UserInputException(subject,
                $"activation '{c.Activation}' is not supported; supported: {string.Join(", ", LmActivation.Supported)}");
        if (!(c.NormEps > 0 && c.NormEps < 1))
            throw new UserInputException(subject, $"norm epsilon {c.NormEps} must be in (0, 1)");
    }

    /// <summary>A config.json that <see cref="Read"/> binds back to the same <paramref name="config"/>.</summary>
    public static string ToJson(LmConfig config)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("model_type", config.ModelType);
            w.WriteNumber("num_hidden_layers", config.NumLayers);
            w.WriteNumber("hidden_size", config.HiddenSize);
            w.WriteNumber("num_attention_heads", config.NumHeads);
            config.Family.WriteConfig(w, config);
            w.WriteString("torch_dtype", config.StoredDType switch { "BF16" => "bfloat16", "F16" => "float16", _ => "float32" });
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}

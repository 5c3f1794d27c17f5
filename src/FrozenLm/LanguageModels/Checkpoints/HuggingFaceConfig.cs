using System.Text.Json;

namespace FrozenLm.LanguageModels.Checkpoints;

/// <summary>Binds a Hugging Face <c>config.json</c> to an <see cref="LmConfig"/> and writes one back.</summary>
public static class HuggingFaceConfig
{
    /// <summary>The <c>model_type</c> values FrozenLm can run.</summary>
    public static IReadOnlyList<string> SupportedModelTypes { get; } = ["llama", "mistral", "qwen2", "opt", "gpt2", "bert", "roberta"];

    /// <summary>Reads and validates <paramref name="configPath"/>.</summary>
    public static LmConfig Read(string configPath)
    {
        if (!File.Exists(configPath))
            throw new UserInputException(configPath, "no such file or directory");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(configPath));
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
        var config = modelType switch
        {
            "llama" => Llama(reader, LmArchitecture.Llama, modelType, qkvBias: reader.Bool("attention_bias", false)),
            "mistral" => Llama(reader, LmArchitecture.Mistral, modelType, qkvBias: false),
            "qwen2" => Llama(reader, LmArchitecture.Qwen2, modelType, qkvBias: true),
            "opt" => Opt(reader),
            "gpt2" => Gpt2(reader),
            "bert" or "roberta" => Bert(reader, modelType),
            _ => throw new UserInputException(subject,
                $"model_type '{modelType}' is not supported; supported: {string.Join(", ", SupportedModelTypes)}"),
        };
        Validate(subject, config);
        return config;
    }

    private static LmConfig Llama(ConfigReader r, LmArchitecture architecture, string modelType, bool qkvBias)
    {
        var hidden = r.Int("hidden_size");
        var heads = r.Int("num_attention_heads");
        var outputBias = architecture == LmArchitecture.Llama && r.Bool("attention_bias", false);
        return new LmConfig
        {
            Architecture = architecture,
            ModelType = modelType,
            NumLayers = r.Int("num_hidden_layers"),
            HiddenSize = hidden,
            NumHeads = heads,
            NumKvHeads = r.OptionalInt("num_key_value_heads") ?? heads,
            FfnSize = r.Int("intermediate_size"),
            NormEps = r.Double("rms_norm_eps", 1e-6),
            Activation = r.String("hidden_act", "silu")!,
            HeadDim = r.OptionalInt("head_dim") ?? hidden / Math.Max(heads, 1),
            QkvBias = qkvBias,
            OutputBias = outputBias,
            MlpBias = r.Bool("mlp_bias", false),
            PreNorm = true,
            StoredDType = r.TorchDType(),
        };
    }

    private static LmConfig Opt(ConfigReader r)
    {
        var hidden = r.Int("hidden_size");
        var heads = r.Int("num_attention_heads");
        var bias = r.Bool("enable_bias", true);
        return new LmConfig
        {
            Architecture = LmArchitecture.Opt,
            ModelType = "opt",
            NumLayers = r.Int("num_hidden_layers"),
            HiddenSize = hidden,
            NumHeads = heads,
            NumKvHeads = heads,
            FfnSize = r.Int("ffn_dim"),
            NormEps = 1e-5,
            Activation = r.String("activation_function", "relu")!,
            HeadDim = hidden / Math.Max(heads, 1),
            QkvBias = bias,
            OutputBias = bias,
            MlpBias = bias,
            PreNorm = r.Bool("do_layer_norm_before", true),
            StoredDType = r.TorchDType(),
        };
    }

    private static LmConfig Gpt2(ConfigReader r)
    {
        var hidden = r.Int("n_embd", "hidden_size");
        var heads = r.Int("n_head", "num_attention_heads");
        return new LmConfig
        {
            Architecture = LmArchitecture.Gpt2,
            ModelType = "gpt2",
            NumLayers = r.Int("n_layer", "num_hidden_layers"),
            HiddenSize = hidden,
            NumHeads = heads,
            NumKvHeads = heads,
            FfnSize = r.OptionalInt("n_inner") ?? 4 * hidden,
            NormEps = r.Double("layer_norm_epsilon", 1e-5),
            Activation = r.String("activation_function", "gelu_new")!,
            HeadDim = hidden / Math.Max(heads, 1),
            QkvBias = true,
            OutputBias = true,
            MlpBias = true,
            PreNorm = true,
            StoredDType = r.TorchDType(),
        };
    }

    private static LmConfig Bert(ConfigReader r, string modelType)
    {
        var hidden = r.Int("hidden_size");
        var heads = r.Int("num_attention_heads");
        return new LmConfig
        {
            Architecture = LmArchitecture.Bert,
            ModelType = modelType,
            NumLayers = r.Int("num_hidden_layers"),
            HiddenSize = hidden,
            NumHeads = heads,
            NumKvHeads = heads,
            FfnSize = r.Int("intermediate_size"),
            NormEps = r.Double("layer_norm_eps", 1e-12),
            Activation = r.String("hidden_act", "gelu")!,
            HeadDim = hidden / Math.Max(heads, 1),
            QkvBias = true,
            OutputBias = true,
            MlpBias = true,
            PreNorm = false,
            StoredDType = r.TorchDType(),
        };
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
            switch (config.Architecture)
            {
                case LmArchitecture.Llama or LmArchitecture.Mistral or LmArchitecture.Qwen2:
                    w.WriteNumber("num_key_value_heads", config.NumKvHeads);
                    w.WriteNumber("intermediate_size", config.FfnSize);
                    w.WriteNumber("rms_norm_eps", config.NormEps);
                    w.WriteString("hidden_act", config.Activation);
                    w.WriteNumber("head_dim", config.HeadDim);
                    if (config.Architecture == LmArchitecture.Llama)
                        w.WriteBoolean("attention_bias", config.QkvBias);
                    w.WriteBoolean("mlp_bias", config.MlpBias);
                    break;
                case LmArchitecture.Opt:
                    w.WriteNumber("ffn_dim", config.FfnSize);
                    w.WriteString("activation_function", config.Activation);
                    w.WriteBoolean("do_layer_norm_before", config.PreNorm);
                    w.WriteBoolean("enable_bias", config.QkvBias);
                    break;
                case LmArchitecture.Gpt2:
                    w.WriteNumber("n_inner", config.FfnSize);
                    w.WriteNumber("layer_norm_epsilon", config.NormEps);
                    w.WriteString("activation_function", config.Activation);
                    break;
                case LmArchitecture.Bert:
                    w.WriteNumber("intermediate_size", config.FfnSize);
                    w.WriteNumber("layer_norm_eps", config.NormEps);
                    w.WriteString("hidden_act", config.Activation);
                    break;
            }
            w.WriteString("torch_dtype", config.StoredDType switch { "BF16" => "bfloat16", "F16" => "float16", _ => "float32" });
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }
}

using System.Text.Json;

namespace FrozenLm.LanguageModels.Checkpoints;

/// <summary>Typed access to config.json keys (trying alternative spellings) with errors that name the file and key.</summary>
public sealed class ConfigReader(string subject, JsonElement root)
{
    /// <summary>The config file (or other source) errors name.</summary>
    public string Subject => subject;

    public int Int(params string[] keys) =>
        OptionalInt(keys) ?? throw new UserInputException(subject, $"has no '{string.Join("' or '", keys)}'");

    public int? OptionalInt(params string[] keys)
    {
        foreach (var key in keys)
        {
            if (!root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null)
                continue;
            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var i))
                throw new UserInputException(subject, $"'{key}' must be an integer");
            return i;
        }
        return null;
    }

    public double Double(string key, double fallback)
    {
        if (!root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null)
            return fallback;
        if (v.ValueKind != JsonValueKind.Number)
            throw new UserInputException(subject, $"'{key}' must be a number");
        return v.GetDouble();
    }

    public bool Bool(string key, bool fallback)
    {
        if (!root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null)
            return fallback;
        return v.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new UserInputException(subject, $"'{key}' must be true or false"),
        };
    }

    public string? String(string key, string? fallback)
    {
        if (!root.TryGetProperty(key, out var v) || v.ValueKind == JsonValueKind.Null)
            return fallback;
        if (v.ValueKind != JsonValueKind.String)
            throw new UserInputException(subject, $"'{key}' must be a string");
        return v.GetString();
    }

    /// <summary>torch_dtype as a safetensors spelling (F32 when absent).</summary>
    public string TorchDType() => String("torch_dtype", "float32") switch
    {
        "bfloat16" => "BF16",
        "float16" or "half" => "F16",
        _ => "F32",
    };
}

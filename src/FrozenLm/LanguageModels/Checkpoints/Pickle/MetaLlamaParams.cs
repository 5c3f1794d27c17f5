using FrozenLm.IO;
using System.Text.Json;
using FrozenLm.LanguageModels.Families;

namespace FrozenLm.LanguageModels.Checkpoints.Pickle;

/// <summary>Meta's <c>params.json</c> for an original LLaMA checkpoint, bound to an <see cref="LmConfig"/>.</summary>
internal sealed record MetaLlamaParams(int Dim, int NumLayers, int NumHeads, int NumKvHeads, int MultipleOf, double? FfnDimMultiplier, double NormEps)
{
    /// <summary>The FFN width exactly as Meta's <c>FeedForward</c> computes it.</summary>
    public int FfnSize
    {
        get
        {
            long hidden = 4L * Dim;
            hidden = (long)(2 * hidden / 3.0);
            if (FfnDimMultiplier is { } m)
            {
                hidden = (long)(m * hidden);
            }

            return checked((int)(MultipleOf * ((hidden + MultipleOf - 1) / MultipleOf)));
        }
    }

    public static MetaLlamaParams Load(string path)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(Utf8Text.ReadFile(path));
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new UserInputException(path, $"invalid JSON: {e.Message}", e);
        }
        catch (IOException e)
        {
            throw new UserInputException(path, $"cannot read: {e.Message}", e);
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new UserInputException(path, "expected a JSON object");
        }

        int Int(string name, int? fallback = null)
        {
            if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return fallback ?? throw new UserInputException(path, $"missing '{name}'");
            }

            return v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) && i > 0
                ? i
                : throw new UserInputException(path, $"'{name}' must be a positive integer");
        }

        double? Real(string name)
        {
            if (!root.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return null;
            }

            return v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) && d > 0 && double.IsFinite(d)
                ? d
                : throw new UserInputException(path, $"'{name}' must be a positive number");
        }

        var heads = Int("n_heads");
        var p = new MetaLlamaParams(Int("dim"), Int("n_layers"), heads, Int("n_kv_heads", heads), Int("multiple_of"),
            Real("ffn_dim_multiplier"), Real("norm_eps") ?? throw new UserInputException(path, "missing 'norm_eps'"));
        if (p.Dim % p.NumHeads != 0 || p.NumHeads % p.NumKvHeads != 0)
        {
            throw new UserInputException(path, $"dim {p.Dim}, n_heads {p.NumHeads} and n_kv_heads {p.NumKvHeads} do not divide evenly");
        }

        return p;
    }

    public LmConfig ToConfig(string storedDType) => new()
    {
        Family = LlamaFamily.Instance,
        ModelType = "llama",
        NumLayers = NumLayers,
        HiddenSize = Dim,
        NumHeads = NumHeads,
        NumKvHeads = NumKvHeads,
        HeadDim = Dim / NumHeads,
        FfnSize = FfnSize,
        NormEps = NormEps,
        Activation = "silu",
        PreNorm = true,
        StoredDType = storedDType,
    };
}

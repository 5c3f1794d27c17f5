using FrozenLm.LanguageModels.Families;

namespace FrozenLm.LanguageModels.Checkpoints.Gguf;

/// <summary>
/// A GGUF binding for the pre-norm decoder families: llama.cpp's block tensor names (the standard ones, or a family's
/// own), the <c>{arch}.*</c> shape keys, and biases where the file has them. Options cover what the converter changed:
/// q/k rows interleaved for RoPE (llama), norm weights stored as 1 + w (gemma).
/// </summary>
public sealed class GgufBlockBinding(ILmFamily family, params IReadOnlyList<string> architectures) : IGgufBinding
{
    /// <summary>llama.cpp's names of a llama-shaped block.</summary>
    public static IReadOnlyDictionary<string, string> StandardTensors { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["attn_q.weight"] = "self_attn.q_proj.weight", ["attn_q.bias"] = "self_attn.q_proj.bias",
        ["attn_k.weight"] = "self_attn.k_proj.weight", ["attn_k.bias"] = "self_attn.k_proj.bias",
        ["attn_v.weight"] = "self_attn.v_proj.weight", ["attn_v.bias"] = "self_attn.v_proj.bias",
        ["attn_output.weight"] = "self_attn.o_proj.weight", ["attn_output.bias"] = "self_attn.o_proj.bias",
        ["ffn_gate.weight"] = "mlp.gate_proj.weight", ["ffn_gate.bias"] = "mlp.gate_proj.bias",
        ["ffn_up.weight"] = "mlp.up_proj.weight", ["ffn_up.bias"] = "mlp.up_proj.bias",
        ["ffn_down.weight"] = "mlp.down_proj.weight", ["ffn_down.bias"] = "mlp.down_proj.bias",
        ["attn_norm.weight"] = "input_layernorm.weight",
        ["ffn_norm.weight"] = "post_attention_layernorm.weight",
    };

    public IReadOnlyList<string> Architectures { get; } = architectures;

    public IReadOnlyDictionary<string, string> BlockTensors { get; init; } = StandardTensors;

    /// <summary>Whether the converter interleaved the rows of each q/k head (llama.cpp does for <c>llama</c>).</summary>
    public bool RopePermuted { get; init; }

    /// <summary>The Hugging Face activation the family's MLP uses.</summary>
    public string Activation { get; init; } = "silu";

    /// <summary>The head size when the file has no <c>{arch}.attention.key_length</c>; null for hidden / heads.</summary>
    public int? DefaultHeadDim { get; init; }

    /// <summary>What the converter added to the norm weights (1 for gemma's 1 + w norms); subtracted on read.</summary>
    public float NormOffset { get; init; }

    /// <summary><see cref="StandardTensors"/> with some names added or remapped (fused tensors, say).</summary>
    public static IReadOnlyDictionary<string, string> StandardWith(params (string Gguf, string Key)[] changes)
    {
        var names = new Dictionary<string, string>(StandardTensors, StringComparer.Ordinal);
        foreach (var (gguf, key) in changes)
            names[gguf] = key;
        return names;
    }

    public LmConfig Bind(GgufFile file, string architecture)
    {
        var m = file.Metadata;
        var hidden = m.Int($"{architecture}.embedding_length");
        var heads = m.Int($"{architecture}.attention.head_count");
        return new LmConfig
        {
            Family = family,
            ModelType = family.Name,
            NumLayers = m.Int($"{architecture}.block_count"),
            HiddenSize = hidden,
            NumHeads = heads,
            NumKvHeads = m.OptionalInt($"{architecture}.attention.head_count_kv") ?? heads,
            FfnSize = m.Int($"{architecture}.feed_forward_length"),
            NormEps = m.OptionalDouble($"{architecture}.attention.layer_norm_rms_epsilon") ?? 1e-6,
            Activation = Activation,
            HeadDim = m.OptionalInt($"{architecture}.attention.key_length") ?? DefaultHeadDim ?? hidden / Math.Max(heads, 1),
            QkvBias = file.Contains("blk.0.attn_q.bias"),
            OutputBias = file.Contains("blk.0.attn_output.bias"),
            MlpBias = file.Contains("blk.0.ffn_down.bias"),
            PreNorm = true,
            StoredDType = "F32",
        };
    }

    public int? RopePermutedHeads(string blockKey, LmConfig config) => !RopePermuted
        ? null
        : blockKey.StartsWith("self_attn.q_proj.", StringComparison.Ordinal) ? config.NumHeads
        : blockKey.StartsWith("self_attn.k_proj.", StringComparison.Ordinal) ? config.NumKvHeads
        : null;

    public void Adjust(string blockKey, Span<float> values)
    {
        if (NormOffset == 0 || !blockKey.EndsWith("layernorm.weight", StringComparison.Ordinal))
            return;
        for (var i = 0; i < values.Length; i++)
            values[i] -= NormOffset;
    }
}

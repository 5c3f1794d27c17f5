using FrozenLm.LanguageModels.Families;

namespace FrozenLm.LanguageModels.Checkpoints.Gguf;

/// <summary>
/// The GGUF binding of the llama-shaped families (llama, mistral-as-llama, qwen2): llama.cpp's standard block names and
/// <c>{arch}.*</c> keys; biases exist when the file has them. For <c>llama</c> the converter interleaved the q and k rows
/// of each head, which is undone on read so the weights equal the Hugging Face ones.
/// </summary>
public sealed class GgufLlamaLikeBinding(ILmFamily family, IReadOnlyList<string> architectures, bool ropePermuted) : IGgufBinding
{
    public IReadOnlyList<string> Architectures { get; } = architectures;

    public IReadOnlyDictionary<string, string> BlockTensors { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
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
            Activation = "silu",
            HeadDim = m.OptionalInt($"{architecture}.attention.key_length") ?? hidden / Math.Max(heads, 1),
            QkvBias = file.Contains("blk.0.attn_q.bias"),
            OutputBias = file.Contains("blk.0.attn_output.bias"),
            MlpBias = file.Contains("blk.0.ffn_up.bias"),
            PreNorm = true,
            StoredDType = "F32",
        };
    }

    public int? RopePermutedHeads(string blockKey, LmConfig config) => !ropePermuted
        ? null
        : blockKey.StartsWith("self_attn.q_proj.", StringComparison.Ordinal) ? config.NumHeads
        : blockKey.StartsWith("self_attn.k_proj.", StringComparison.Ordinal) ? config.NumKvHeads
        : null;
}

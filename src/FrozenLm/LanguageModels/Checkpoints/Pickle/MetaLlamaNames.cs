using System.Text.RegularExpressions;

namespace FrozenLm.LanguageModels.Checkpoints.Pickle;

/// <summary>
/// Maps Meta's original LLaMA tensor names to Hugging Face llama names, and says how model-parallel shards of each
/// tensor are joined. No q/k row permutation is applied: Hugging Face's conversion permutes the rows of wq and wk to
/// match its rotate-half RoPE layout, but FrozenLm's blocks have no RoPE, and attention scores q·k are unchanged when
/// the same permutation is applied to the output features of both q and k (and heads are contiguous row blocks either
/// way), so the unpermuted weights give the same block outputs.
/// </summary>
internal static partial class MetaLlamaNames
{
    private static readonly Dictionary<string, string> LayerParts = new(StringComparer.Ordinal)
    {
        ["attention.wq.weight"] = "self_attn.q_proj.weight",
        ["attention.wk.weight"] = "self_attn.k_proj.weight",
        ["attention.wv.weight"] = "self_attn.v_proj.weight",
        ["attention.wo.weight"] = "self_attn.o_proj.weight",
        ["feed_forward.w1.weight"] = "mlp.gate_proj.weight",
        ["feed_forward.w2.weight"] = "mlp.down_proj.weight",
        ["feed_forward.w3.weight"] = "mlp.up_proj.weight",
        ["attention_norm.weight"] = "input_layernorm.weight",
        ["ffn_norm.weight"] = "post_attention_layernorm.weight",
    };

    /// <summary>The Hugging Face name, the Meta name itself for unknown tensors, or null for derived tables (rope.freqs).</summary>
    public static string? ToHuggingFace(string metaName)
    {
        switch (metaName)
        {
            case "tok_embeddings.weight":
                return "model.embed_tokens.weight";
            case "norm.weight":
                return "model.norm.weight";
            case "output.weight":
                return "lm_head.weight";
            case "rope.freqs":
                return null;
        }

        var match = LayerName().Match(metaName);
        return match.Success && LayerParts.TryGetValue(match.Groups[2].Value, out var part)
            ? $"model.layers.{match.Groups[1].Value}.{part}"
            : metaName;
    }

    /// <summary>The dimension model-parallel shards are concatenated along, or null when the tensor is replicated.</summary>
    public static int? ShardDim(string metaName)
    {
        if (metaName is "output.weight")
        {
            return 0;
        }

        if (metaName is "tok_embeddings.weight")
        {
            return 1;
        }

        var match = LayerName().Match(metaName);
        return match.Success
            ? match.Groups[2].Value switch
            {
                "attention.wq.weight" or "attention.wk.weight" or "attention.wv.weight" or "feed_forward.w1.weight" or "feed_forward.w3.weight" => 0,
                "attention.wo.weight" or "feed_forward.w2.weight" => 1,
                _ => null,
            }
            : null;
    }

    [GeneratedRegex(@"^layers\.(\d{1,6})\.(.+)$")]
    private static partial Regex LayerName();
}

using FrozenLm.LanguageModels.Onnx;

namespace FrozenLm.LanguageModels;

/// <summary>
/// ONNX emission of the llama-shaped <see cref="LmDecoderBlock"/>s (LLaMA, Mistral, Qwen2, Gemma, Phi-3): pre-RMSNorm,
/// grouped-query attention from separate (optionally biased) or fused <c>qkv_proj</c> projections, the gated MLP from
/// separate or fused <c>gate_up_proj</c>. No rotary embedding and no causal mask, as the block runs in the visual stage.
/// </summary>
public sealed class LmDecoderBlockOnnx : ILmBlockOnnx
{
    private readonly float _normWeightOffset;

    private LmDecoderBlockOnnx(float normWeightOffset) => _normWeightOffset = normWeightOffset;

    /// <summary>RMS norms scaling by their weight (LLaMA, Mistral, Qwen2, Phi-3).</summary>
    public static LmDecoderBlockOnnx Rms { get; } = new(0f);

    /// <summary>Gemma's RMS norms, scaling by (1 + weight).</summary>
    public static LmDecoderBlockOnnx GemmaRms { get; } = new(1f);

    public string Emit(OnnxGraphBuilder graph, LmBlock block, string input, string prefix)
    {
        var c = block.Config;
        var w = new OnnxWeights(graph, block, prefix);
        var h = graph.RmsNorm(input, w["input_layernorm.weight"], c.NormEps, prefix + "input_layernorm", _normWeightOffset);
        string q, k, v;
        if (w.Has("self_attn.qkv_proj.weight"))
        {
            long qSize = (long)c.NumHeads * c.HeadDim, kvSize = (long)c.NumKvHeads * c.HeadDim;
            var parts = graph.Nodes("Split", [w.Linear(h, "self_attn.qkv_proj"), graph.Ints(qSize, kvSize, kvSize)],
                [prefix + "self_attn.q", prefix + "self_attn.k", prefix + "self_attn.v"], OnnxAttr.Int("axis", -1));
            (q, k, v) = (parts[0], parts[1], parts[2]);
        }
        else
        {
            (q, k, v) = (w.Linear(h, "self_attn.q_proj"), w.Linear(h, "self_attn.k_proj"), w.Linear(h, "self_attn.v_proj"));
        }
        var context = graph.Attention(q, k, v, c.NumHeads, c.NumKvHeads, c.HeadDim, prefix + "self_attn");
        var x = graph.Node("Add", [input, w.Linear(context, "self_attn.o_proj")], prefix + "self_attn.residual");
        var h2 = graph.RmsNorm(x, w["post_attention_layernorm.weight"], c.NormEps, prefix + "post_attention_layernorm",
            _normWeightOffset);
        string gate, up;
        if (w.Has("mlp.gate_up_proj.weight"))
        {
            var parts = graph.Nodes("Split", [w.Linear(h2, "mlp.gate_up_proj"), graph.Ints(c.FfnSize, c.FfnSize)],
                [prefix + "mlp.gate", prefix + "mlp.up"], OnnxAttr.Int("axis", -1));
            (gate, up) = (parts[0], parts[1]);
        }
        else
        {
            (gate, up) = (w.Linear(h2, "mlp.gate_proj"), w.Linear(h2, "mlp.up_proj"));
        }
        var gated = graph.Node("Mul", [graph.Activation(c.Activation, gate, prefix + "mlp.act"), up], prefix + "mlp.gated");
        return graph.Node("Add", [x, w.Linear(gated, "mlp.down_proj")], prefix + "mlp.residual");
    }
}

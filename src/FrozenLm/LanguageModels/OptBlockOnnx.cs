using FrozenLm.LanguageModels.Onnx;

namespace FrozenLm.LanguageModels;

/// <summary>ONNX emission of <see cref="OptBlock"/>: LayerNorm before (pre-norm) or after each sub-layer, the FFN fc1 -> act -> fc2.</summary>
public sealed class OptBlockOnnx : ILmBlockOnnx
{
    public static OptBlockOnnx Instance { get; } = new();

    public string Emit(OnnxGraphBuilder graph, LmBlock block, string input, string prefix)
    {
        var c = block.Config;
        var w = new OnnxWeights(graph, block, prefix);
        var h = c.PreNorm ? w.LayerNorm(input, "self_attn_layer_norm", c.NormEps) : input;
        var context = graph.Attention(w.Linear(h, "self_attn.q_proj"), w.Linear(h, "self_attn.k_proj"),
            w.Linear(h, "self_attn.v_proj"), c.NumHeads, c.NumKvHeads, c.HeadDim, prefix + "self_attn");
        var x = graph.Node("Add", [input, w.Linear(context, "self_attn.out_proj")], prefix + "self_attn.residual");
        if (!c.PreNorm)
            x = w.LayerNorm(x, "self_attn_layer_norm", c.NormEps);
        var h2 = c.PreNorm ? w.LayerNorm(x, "final_layer_norm", c.NormEps) : x;
        var inner = graph.Activation(c.Activation, w.Linear(h2, "fc1"), prefix + "fc1.act");
        var y = graph.Node("Add", [x, w.Linear(inner, "fc2")], prefix + "fc2.residual");
        return c.PreNorm ? y : w.LayerNorm(y, "final_layer_norm", c.NormEps);
    }
}

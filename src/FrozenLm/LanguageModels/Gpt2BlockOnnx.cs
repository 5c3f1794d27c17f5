using FrozenLm.LanguageModels.Onnx;

namespace FrozenLm.LanguageModels;

/// <summary>ONNX emission of <see cref="Gpt2Block"/>: pre-LayerNorm, Conv1D projections (weights stored [in, out]), packed c_attn.</summary>
public sealed class Gpt2BlockOnnx : ILmBlockOnnx
{
    public static Gpt2BlockOnnx Instance { get; } = new();

    public string Emit(OnnxGraphBuilder graph, LmBlock block, string input, string prefix)
    {
        var c = block.Config;
        var w = new OnnxWeights(graph, block, prefix);
        var h = w.LayerNorm(input, "ln_1", c.NormEps);
        var qkv = Conv1D(graph, w, h, "attn.c_attn");
        long size = (long)c.NumHeads * c.HeadDim;
        var parts = graph.Nodes("Split", [qkv, graph.Ints(size, size, size)],
            [prefix + "attn.q", prefix + "attn.k", prefix + "attn.v"], OnnxAttr.Int("axis", -1));
        var context = graph.Attention(parts[0], parts[1], parts[2], c.NumHeads, c.NumHeads, c.HeadDim, prefix + "attn");
        var x = graph.Node("Add", [input, Conv1D(graph, w, context, "attn.c_proj")], prefix + "attn.residual");
        var inner = graph.Activation(c.Activation, Conv1D(graph, w, w.LayerNorm(x, "ln_2", c.NormEps), "mlp.c_fc"),
            prefix + "mlp.act");
        return graph.Node("Add", [x, Conv1D(graph, w, inner, "mlp.c_proj")], prefix + "mlp.residual");
    }

    private static string Conv1D(OnnxGraphBuilder graph, OnnxWeights w, string x, string module) =>
        graph.Node("Add", [graph.Node("MatMul", [x, w[module + ".weight"]], w.Prefix + module + ".matmul"), w[module + ".bias"]],
            w.Prefix + module + ".out");
}

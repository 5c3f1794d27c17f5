using FrozenLm.LanguageModels.Onnx;

namespace FrozenLm.LanguageModels;

/// <summary>ONNX emission of <see cref="BertBlock"/>: post-LayerNorm attention and FFN sub-layers, biased projections.</summary>
public sealed class BertBlockOnnx : ILmBlockOnnx
{
    public static BertBlockOnnx Instance { get; } = new();

    public string Emit(OnnxGraphBuilder graph, LmBlock block, string input, string prefix)
    {
        var c = block.Config;
        var w = new OnnxWeights(graph, block, prefix);
        var context = graph.Attention(w.Linear(input, "attention.self.query"), w.Linear(input, "attention.self.key"),
            w.Linear(input, "attention.self.value"), c.NumHeads, c.NumHeads, c.HeadDim, prefix + "attention.self");
        var attended = graph.Node("Add", [input, w.Linear(context, "attention.output.dense")], prefix + "attention.residual");
        var x = w.LayerNorm(attended, "attention.output.LayerNorm", c.NormEps);
        var inner = graph.Activation(c.Activation, w.Linear(x, "intermediate.dense"), prefix + "intermediate.act");
        var y = graph.Node("Add", [x, w.Linear(inner, "output.dense")], prefix + "output.residual");
        return w.LayerNorm(y, "output.LayerNorm", c.NormEps);
    }
}

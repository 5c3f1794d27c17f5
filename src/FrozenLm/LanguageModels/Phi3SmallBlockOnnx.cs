using FrozenLm.LanguageModels.Onnx;

namespace FrozenLm.LanguageModels;

/// <summary>
/// ONNX emission of <see cref="Phi3SmallBlock"/>: pre-LayerNorm, the fused <c>query_key_value</c> split per key/value
/// group, the muP query scale, grouped-query attention, and gegelu from the interleaved <c>up_proj</c> halves clamped to
/// <c>gegelu_limit</c> (infinities kept, as the block does).
/// </summary>
public sealed class Phi3SmallBlockOnnx : ILmBlockOnnx
{
    public static Phi3SmallBlockOnnx Instance { get; } = new();

    public string Emit(OnnxGraphBuilder graph, LmBlock block, string input, string prefix)
    {
        var c = block.Config;
        var w = new OnnxWeights(graph, block, prefix);
        long hd = c.HeadDim, kv = c.NumKvHeads, perKv = c.NumHeads / c.NumKvHeads;
        var groups = graph.Node("Reshape", [w.Linear(w.LayerNorm(input, "input_layernorm", c.NormEps), "self_attn.query_key_value"),
            graph.Ints(0, 0, kv, perKv + 2, hd)], prefix + "self_attn.groups");                       // [B, T, KV, m + 2, hd]
        var parts = graph.Nodes("Split", [groups, graph.Ints(perKv, 1, 1)],
            [prefix + "self_attn.q_groups", prefix + "self_attn.k_group", prefix + "self_attn.v_group"], OnnxAttr.Int("axis", 3));
        var q = graph.Node("Reshape", [parts[0], graph.Ints(0, 0, c.NumHeads * hd)], prefix + "self_attn.q");
        var queryScale = (c.AttentionScale ?? 1.0 / Math.Sqrt(hd)) * Math.Sqrt(hd);
        if (queryScale != 1.0)
            q = graph.Node("Mul", [q, graph.Scalar((float)queryScale)], prefix + "self_attn.q_scaled");
        var k = graph.Node("Reshape", [parts[1], graph.Ints(0, 0, kv * hd)], prefix + "self_attn.k");
        var v = graph.Node("Reshape", [parts[2], graph.Ints(0, 0, kv * hd)], prefix + "self_attn.v");
        var context = graph.Attention(q, k, v, c.NumHeads, c.NumKvHeads, c.HeadDim, prefix + "self_attn");
        var x = graph.Node("Add", [input, w.Linear(context, "self_attn.dense")], prefix + "self_attn.residual");

        var pairs = graph.Node("Reshape", [w.Linear(w.LayerNorm(x, "post_attention_layernorm", c.NormEps), "mlp.up_proj"),
            graph.Ints(0, 0, c.FfnSize, 2)], prefix + "mlp.pairs");                                   // [B, T, F, 2]
        var halves = graph.Nodes("Split", [pairs, graph.Ints(1, 1)], [prefix + "mlp.gelu_in", prefix + "mlp.linear_in"],
            OnnxAttr.Int("axis", -1));
        var gelu = graph.Node("Reshape", [halves[0], graph.Ints(0, 0, c.FfnSize)], prefix + "mlp.gelu_part");
        var linear = graph.Node("Reshape", [halves[1], graph.Ints(0, 0, c.FfnSize)], prefix + "mlp.linear_part");
        if (c.ActivationLimit is { } limit)
        {
            var (max, min) = (graph.Scalar((float)limit), graph.Scalar((float)-limit));
            gelu = KeepInfinite(graph, gelu, graph.Node("Min", [gelu, max], prefix + "mlp.gelu_clip"), prefix + "mlp.gelu_limited");
            linear = KeepInfinite(graph, linear,
                graph.Node("Max", [graph.Node("Min", [linear, max], prefix + "mlp.linear_clip_max"), min], prefix + "mlp.linear_clip"),
                prefix + "mlp.linear_limited");
        }
        var gated = graph.Node("Mul", [graph.Activation("quick_gelu", gelu, prefix + "mlp.act"),
            graph.Node("Add", [linear, graph.Scalar(1f)], prefix + "mlp.linear_plus1")], prefix + "mlp.gated");
        return graph.Node("Add", [x, w.Linear(gated, "mlp.down_proj")], prefix + "mlp.residual");
    }

    private static string KeepInfinite(OnnxGraphBuilder graph, string x, string clipped, string hint) =>
        graph.Node("Where", [graph.Node("IsInf", [x], hint + ".isinf"), x, clipped], hint);
}

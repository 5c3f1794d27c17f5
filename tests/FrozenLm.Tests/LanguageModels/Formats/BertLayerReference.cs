using FrozenLm.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tests.LanguageModels.Formats;

/// <summary>An independent, functional BERT encoder layer (post-LN, exact GELU) over Hugging Face-named tensors.</summary>
internal static class BertLayerReference
{
    public static Tensor Forward(ITensorSource source, int layer, Tensor x, int heads, double eps)
    {
        using var scope = NewDisposeScope();
        Tensor W(string n) => source.Read($"encoder.layer.{layer}.{n}");
        Tensor Linear(Tensor input, string n) => nn.functional.linear(input, W(n + ".weight"), W(n + ".bias"));
        var (b, t, h) = (x.shape[0], x.shape[1], x.shape[2]);
        var d = h / heads;
        Tensor Split(Tensor v) => v.view(b, t, heads, d).transpose(1, 2); // [B, heads, T, d]
        var q = Split(Linear(x, "attention.self.query"));
        var k = Split(Linear(x, "attention.self.key"));
        var v = Split(Linear(x, "attention.self.value"));
        var probs = softmax(q.matmul(k.transpose(-1, -2)) / Math.Sqrt(d), -1);
        var context = probs.matmul(v).transpose(1, 2).reshape(b, t, h); // [B, T, H]
        var attn = nn.functional.layer_norm(Linear(context, "attention.output.dense") + x, [h],
            W("attention.output.LayerNorm.weight"), W("attention.output.LayerNorm.bias"), eps);
        var inter = nn.functional.gelu(Linear(attn, "intermediate.dense"));
        var output = nn.functional.layer_norm(Linear(inter, "output.dense") + attn, [h],
            W("output.LayerNorm.weight"), W("output.LayerNorm.bias"), eps);
        return output.MoveToOuterDisposeScope();
    }
}

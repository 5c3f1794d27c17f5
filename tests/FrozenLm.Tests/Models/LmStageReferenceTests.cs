using FrozenLm.FrozenStage;
using FrozenLm.Tests.LanguageModels;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tests.Models;

/// <summary>
/// The LM stage as a whole (mapper_in -> block -> [RMS norm] -> mapper_out), built by <see cref="LmStageFactory"/> from
/// the fixture checkpoints, against the same computation written out by hand in float64 from the stage's weights with
/// plain tensor ops (no block class involved). Max abs error &lt;= 1e-5.
/// </summary>
[Collection(Runtime.RuntimeCollection.Name)]
public sealed class LmStageReferenceTests
{
    private const int VisualDim = 12;
    private const double Tolerance = 1e-5;

    /// <summary>Builds the stage from the fixture, checks its norm choice, returns the max abs error against <paramref name="byHand"/>.</summary>
    private static double ErrorAgainst(string family, int layer, bool expectRmsNorm,
        Func<Tensor, Dictionary<string, Tensor>, Tensor> byHand)
    {
        torch.manual_seed(11);
        var options = new LmStageOptions { Source = LmFixtures.Dir(family), Mode = LmStageMode.Frozen, Layers = [layer] };
        var (stage, info) = LmStageFactory.Create(options, VisualDim, seed: 1);
        using var _ = stage!;
        Assert.Equal(expectRmsNorm, info.RmsNorm);
        Assert.Equal(expectRmsNorm, ((LmBlockStage)stage!).HasRmsNorm);
        var weights = stage.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().to(float64));
        using var x = torch.randn(2, 5, VisualDim).mul(3.0);

        using var actual = stage.forward(x);
        using var expected = byHand(x.to(float64), weights);

        return actual.to(float64).sub(expected).abs().max().item<double>();
    }

    [Fact]
    public void Given_a_llama_stage_When_forward_Then_it_equals_mapper_block_rms_norm_mapper_by_hand()
    {
        var error = ErrorAgainst("llama", 2, expectRmsNorm: true, (x, w) => LlamaByHand(x, w, eps: 1e-6, heads: 4, kvHeads: 4));
        Assert.True(error <= Tolerance, $"max abs error {error:E2}");
        // The RMS norm ran: the same computation without it does not match.
        var errorWithoutNorm = ErrorAgainst("llama", 2, expectRmsNorm: true,
            (x, w) => LlamaByHand(x, w, eps: 1e-6, heads: 4, kvHeads: 4, finalRms: false));
        Assert.True(errorWithoutNorm > 1e-3, $"without the RMS norm the error is only {errorWithoutNorm:E2}");
    }

    [Fact]
    public void Given_a_bert_stage_When_forward_Then_it_equals_mapper_block_mapper_by_hand_without_rms_norm()
    {
        var error = ErrorAgainst("bert", 1, expectRmsNorm: false, (x, w) => BertByHand(x, w, eps: 1e-12, heads: 4));
        Assert.True(error <= Tolerance, $"max abs error {error:E2}");
    }

    private static Tensor Linear(Tensor x, Dictionary<string, Tensor> w, string name) =>
        w.TryGetValue(name + ".bias", out var b) ? x.matmul(w[name + ".weight"].t()).add(b) : x.matmul(w[name + ".weight"].t());

    private static Tensor Rms(Tensor x, double eps) => x.mul(x.pow(2).mean([-1L], keepdim: true).add(eps).rsqrt());

    private static Tensor LayerNorm(Tensor x, Tensor gamma, Tensor beta, double eps)
    {
        var centred = x.sub(x.mean([-1L], keepdim: true));
        return centred.mul(centred.pow(2).mean([-1L], keepdim: true).add(eps).rsqrt()).mul(gamma).add(beta);
    }

    /// <summary>Full (non-causal) attention without position encoding: q, k, v [B, T, heads*hd] -> [B, T, heads*hd].</summary>
    private static Tensor Attention(Tensor q, Tensor k, Tensor v, int heads, int kvHeads)
    {
        var (b, t) = (q.shape[0], q.shape[1]);
        var hd = q.shape[2] / heads;
        var qh = q.view(b, t, heads, hd).transpose(1, 2);                                      // [B, H, T, hd]
        var kh = k.view(b, t, kvHeads, hd).transpose(1, 2).repeat_interleave(heads / kvHeads, dim: 1);
        var vh = v.view(b, t, kvHeads, hd).transpose(1, 2).repeat_interleave(heads / kvHeads, dim: 1);
        var probs = qh.matmul(kh.transpose(-2, -1)).div(Math.Sqrt(hd)).softmax(-1);          // [B, H, T, T]
        return probs.matmul(vh).transpose(1, 2).reshape(b, t, heads * hd);                     // [B, T, H*hd]
    }

    private static Tensor LlamaByHand(Tensor x, Dictionary<string, Tensor> w, double eps, int heads, int kvHeads,
        bool finalRms = true)
    {
        const string l = "lm.layers.0.";
        var h = Linear(x, w, "mapper_in");                                                     // [B, T, D]
        var a = Rms(h, eps).mul(w[l + "input_layernorm.weight"]);
        var context = Attention(Linear(a, w, l + "self_attn.q_proj"), Linear(a, w, l + "self_attn.k_proj"),
            Linear(a, w, l + "self_attn.v_proj"), heads, kvHeads);
        var h2 = h.add(Linear(context, w, l + "self_attn.o_proj"));
        var m = Rms(h2, eps).mul(w[l + "post_attention_layernorm.weight"]);
        var gate = Linear(m, w, l + "mlp.gate_proj");
        var h3 = h2.add(Linear(gate.mul(gate.sigmoid()).mul(Linear(m, w, l + "mlp.up_proj")), w, l + "mlp.down_proj"));
        return Linear(finalRms ? Rms(h3, eps) : h3, w, "mapper_out");                          // [B, T, d]
    }

    private static Tensor BertByHand(Tensor x, Dictionary<string, Tensor> w, double eps, int heads)
    {
        const string l = "lm.layers.0.";
        var h = Linear(x, w, "mapper_in");                                                     // [B, T, D]
        var context = Attention(Linear(h, w, l + "attention.self.query"), Linear(h, w, l + "attention.self.key"),
            Linear(h, w, l + "attention.self.value"), heads, heads);
        var a = LayerNorm(h.add(Linear(context, w, l + "attention.output.dense")),
            w[l + "attention.output.LayerNorm.weight"], w[l + "attention.output.LayerNorm.bias"], eps);
        var inner = Linear(a, w, l + "intermediate.dense");
        var gelu = inner.mul(0.5).mul(inner.div(Math.Sqrt(2.0)).erf().add(1.0));
        var y = LayerNorm(a.add(Linear(gelu, w, l + "output.dense")),
            w[l + "output.LayerNorm.weight"], w[l + "output.LayerNorm.bias"], eps);
        return Linear(y, w, "mapper_out");                                                     // [B, T, d]
    }
}

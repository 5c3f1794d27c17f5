using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels;

/// <summary>
/// The attention core shared by every family, in the paper's visual form: every token attends to every token (no
/// causal mask, no position encoding), softmax in fp32, grouped key/value heads repeated to match the query heads.
/// </summary>
public static class LmAttention
{
    /// <summary>
    /// The same from one packed projection qkv [B, T, (heads + 2 kvHeads)*hd] with rows [q; k; v] (Phi-3's
    /// <c>qkv_proj</c>, GPT-2's <c>c_attn</c>); q, k and v are views of it.
    /// </summary>
    public static Tensor AttendPacked(Tensor qkv, int heads, int kvHeads, int headDim,
        Tensor? keyMask = null, Action<string, Tensor>? capture = null)
    {
        using var scope = torch.NewDisposeScope();
        long q = (long)heads * headDim, kv = (long)kvHeads * headDim;
        return Attend(qkv.narrow(-1, 0, q), qkv.narrow(-1, q, kv), qkv.narrow(-1, q + kv, kv), heads, kvHeads, headDim,
            keyMask, capture).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// q [B, T, heads*hd], k and v [B, T, kvHeads*hd] -> [B, T, heads*hd]. <paramref name="keyMask"/> [B, T] (true = attend)
    /// is optional. With <paramref name="capture"/> set, the explicit path runs and reports "attn_probs" [B, heads, T, T].
    /// </summary>
    public static Tensor Attend(Tensor q, Tensor k, Tensor v, int heads, int kvHeads, int headDim,
        Tensor? keyMask = null, Action<string, Tensor>? capture = null)
    {
        using var scope = torch.NewDisposeScope();
        var (b, t) = (q.shape[0], q.shape[1]);
        var qh = q.view(b, t, heads, headDim).transpose(1, 2); // [B, H, T, hd]
        var kh = k.view(b, t, kvHeads, headDim).transpose(1, 2); // [B, KV, T, hd]
        var vh = v.view(b, t, kvHeads, headDim).transpose(1, 2); // [B, KV, T, hd]
        if (kvHeads != heads)
        {
            var rep = heads / kvHeads;
            kh = kh.repeat_interleave(rep, dim: 1); // [B, H, T, hd]
            vh = vh.repeat_interleave(rep, dim: 1);
        }
        Tensor? mask = keyMask is null ? null : keyMask.to(ScalarType.Bool).view(b, 1, 1, t); // [B, 1, 1, T]
        Tensor context;
        if (capture is null && q.dtype == ScalarType.Float32)
        {
            context = nn.functional.scaled_dot_product_attention(qh, kh, vh, mask, 0.0, false);
        }
        else
        {
            using var scale = (1.0 / Math.Sqrt(headDim)).ToScalar();
            using var masked = float.NegativeInfinity.ToScalar();
            var scores = qh.to(ScalarType.Float32).matmul(kh.to(ScalarType.Float32).transpose(-2, -1)).mul(scale); // [B, H, T, T]
            if (mask is not null)
                scores = scores.masked_fill(mask.logical_not(), masked);
            var probs = scores.softmax(-1);
            LmCapture.Report(capture, LmCapture.AttentionProbs, probs);
            context = probs.to(q.dtype).matmul(vh); // [B, H, T, hd]
        }
        return context.transpose(1, 2).reshape(b, t, heads * headDim).MoveToOuterDisposeScope(); // [B, T, H*hd]
    }
}

using FrozenLm.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Analysis;

/// <summary>
/// The information-filtering maps of the paper: per-token magnitude and frequency activation of token features, and
/// CLS-to-token attention, each reshaped to the patch grid and min-max normalised per image.
/// </summary>
public static class ActivationMaps
{
    /// <summary>
    /// Magnitude activation: L2 norm of (token - mean patch token of the image) over channels.
    /// <paramref name="tokens"/> is [B, T, C] with <paramref name="prefixTokens"/> leading non-patch tokens (CLS),
    /// which are dropped before the mean; returns [B, gridH, gridW] in [0, 1].
    /// </summary>
    public static Tensor Magnitude(Tensor tokens, int gridH, int gridW, int prefixTokens = 1)
    {
        using var scope = NewDisposeScope();
        var patches = PatchTokens(tokens, gridH, gridW, prefixTokens).to(float32);     // [B, N, C]
        var centred = patches - patches.mean([1], keepdim: true);                        // [B, N, C]
        var raw = centred.pow(Scalars.Two).sum(-1).sqrt();                                         // [B, N]
        return MinMaxPerImage(raw).reshape(raw.shape[0], gridH, gridW).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Frequency activation: phase = angle(FFT of each token along its channels); L2 norm over channels of
    /// (phase - mean phase of the image's patch tokens). Same shapes as <see cref="Magnitude"/>.
    /// </summary>
    public static Tensor Frequency(Tensor tokens, int gridH, int gridW, int prefixTokens = 1)
    {
        using var scope = NewDisposeScope();
        var patches = PatchTokens(tokens, gridH, gridW, prefixTokens).to(float32);     // [B, N, C]
        var phase = torch.fft.fft_(patches, dim: -1).angle();                              // [B, N, C] in (-pi, pi]
        var centred = phase - phase.mean([1], keepdim: true);                              // [B, N, C]
        var raw = centred.pow(Scalars.Two).sum(-1).sqrt();                                         // [B, N]
        return MinMaxPerImage(raw).reshape(raw.shape[0], gridH, gridW).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// CLS-to-patch attention summed over heads. <paramref name="probs"/> is [B, H, T, T] (rows = queries, softmaxed);
    /// the CLS query is row 0. Returns [B, gridH, gridW] in [0, 1].
    /// </summary>
    public static Tensor ClsAttention(Tensor probs, int gridH, int gridW, int prefixTokens = 1)
    {
        if (probs.dim() != 4 || probs.shape[2] != probs.shape[3])
            throw new ArgumentException($"attention probabilities must be [B, H, T, T], got [{string.Join(", ", probs.shape)}]");
        CheckGrid(probs.shape[3], gridH, gridW, prefixTokens);
        using var scope = NewDisposeScope();
        var cls = probs.select(2, 0).narrow(2, prefixTokens, gridH * gridW).to(float32); // [B, H, N]
        var raw = cls.sum(1);                                                              // [B, N]
        return MinMaxPerImage(raw).reshape(raw.shape[0], gridH, gridW).MoveToOuterDisposeScope();
    }

    /// <summary>Min-max normalises each row of [B, N] to [0, 1]; a constant row becomes all zeros (never NaN).</summary>
    public static Tensor MinMaxPerImage(Tensor maps)
    {
        using var scope = NewDisposeScope();
        var min = maps.amin([1], keepdim: true);                                           // [B, 1]
        var range = maps.amax([1], keepdim: true) - min;                                   // [B, 1]
        using var tiny = float.Epsilon.ToScalar();
        var positive = range.gt(Scalars.Zero);
        var scaled = (maps - min) / range.clamp_min(tiny);
        return torch.where(positive, scaled, zeros_like(scaled)).clamp(Scalars.Zero, Scalars.One).MoveToOuterDisposeScope();
    }

    private static Tensor PatchTokens(Tensor tokens, int gridH, int gridW, int prefixTokens)
    {
        if (tokens.dim() != 3)
            throw new ArgumentException($"token features must be [B, T, C], got [{string.Join(", ", tokens.shape)}]");
        CheckGrid(tokens.shape[1], gridH, gridW, prefixTokens);
        return tokens.narrow(1, prefixTokens, gridH * gridW);                              // [B, N, C]
    }

    private static void CheckGrid(long tokens, int gridH, int gridW, int prefixTokens)
    {
        if (gridH <= 0 || gridW <= 0 || prefixTokens < 0 || tokens != prefixTokens + (long)gridH * gridW)
            throw new ArgumentException(
                $"{tokens} tokens do not match {prefixTokens} prefix token(s) + a {gridH}x{gridW} patch grid");
    }
}

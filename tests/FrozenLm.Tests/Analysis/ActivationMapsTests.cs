using FrozenLm.Analysis;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tests.Analysis;

public sealed class ActivationMapsTests
{
    private static float[] Values(Tensor t) => t.contiguous().data<float>().ToArray();

    [Fact]
    public void Given_tokens_with_a_cls_When_magnitude_Then_matches_the_hand_computation()
    {
        // CLS [100, 100] must be ignored; patches p0..p3 on a 2x2 grid: [0,0] [1,0] [0,0] [3,4].
        // mean patch = [1, 1]; centred: [-1,-1] [0,-1] [-1,-1] [2,3]; L2: sqrt2, 1, sqrt2, sqrt13.
        // min-max: (sqrt2-1)/(sqrt13-1) = 0.414214/2.605551 = 0.158975, 0, 0.158975, 1.
        using var tokens = tensor(new float[] { 100, 100, 0, 0, 1, 0, 0, 0, 3, 4 }).reshape(1, 5, 2);
        using var map = ActivationMaps.Magnitude(tokens, 2, 2);
        Assert.Equal(new long[] { 1, 2, 2 }, map.shape);
        var v = Values(map);
        float[] expected = [0.158975f, 0f, 0.158975f, 1f];
        for (var i = 0; i < 4; i++)
            Assert.Equal(expected[i], v[i], 5e-6f);
    }

    [Fact]
    public void Given_identical_patch_tokens_When_maps_are_made_Then_they_are_zero_not_nan()
    {
        using var tokens = ones(2, 1 + 6, 4);
        using var magnitude = ActivationMaps.Magnitude(tokens, 2, 3);
        using var frequency = ActivationMaps.Frequency(tokens, 2, 3);
        Assert.All(Values(magnitude), v => Assert.Equal(0f, v));
        Assert.All(Values(frequency), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void Given_two_channel_tokens_When_frequency_Then_matches_the_hand_computation()
    {
        // FFT of [a, b] is [a+b, a-b]; phase is 0 for a positive real, pi for a negative one.
        // p0 [1,0] -> [1, 1] -> [0, 0];  p1 [-1,0] -> [-1,-1] -> [pi, pi];
        // p2 [0,1] -> [1,-1] -> [0, pi]; p3 [2,1] -> [3, 1] -> [0, 0].
        // mean phase = [pi/4, pi/2]; distances: p0 pi*sqrt(5/16), p1 pi*sqrt(13/16), p2 pi*sqrt(5/16), p3 pi*sqrt(5/16).
        // min-max: 0, 1, 0, 0.
        using var tokens = tensor(new float[] { 9, 9, 1, 0, -1, 0, 0, 1, 2, 1 }).reshape(1, 5, 2);
        using var map = ActivationMaps.Frequency(tokens, 2, 2);
        var v = Values(map);
        float[] expected = [0f, 1f, 0f, 0f];
        for (var i = 0; i < 4; i++)
            Assert.Equal(expected[i], v[i], 1e-5f);
    }

    [Fact]
    public void Given_random_tokens_When_frequency_Then_matches_a_direct_dft_reference()
    {
        // Reference: direct DFT in double, phase by Atan2, centred on the mean phase, L2, min-max.
        // Values in [0, 1) keep the DC bin positive (phase 0); C = 5 has no Nyquist bin, so no +-pi ambiguity.
        const int b = 2, n = 6, c = 5;
        var rng = new Random(7);
        var data = new float[b * (n + 1) * c];
        for (var i = 0; i < data.Length; i++)
            data[i] = (float)rng.NextDouble();
        using var tokens = tensor(data).reshape(b, n + 1, c);
        using var map = ActivationMaps.Frequency(tokens, 2, 3);
        var actual = Values(map);
        var maxError = 0.0;
        for (var img = 0; img < b; img++)
        {
            var phase = new double[n, c];
            for (var t = 0; t < n; t++)
            {
                for (var k = 0; k < c; k++)
                {
                    double re = 0, im = 0;
                    for (var j = 0; j < c; j++)
                    {
                        var x = data[(img * (n + 1) + 1 + t) * c + j];
                        re += x * Math.Cos(2 * Math.PI * k * j / c);
                        im -= x * Math.Sin(2 * Math.PI * k * j / c);
                    }
                    phase[t, k] = Math.Atan2(im, re);
                }
            }
            var raw = new double[n];
            for (var t = 0; t < n; t++)
            {
                double sum = 0;
                for (var k = 0; k < c; k++)
                {
                    double mean = 0;
                    for (var u = 0; u < n; u++)
                        mean += phase[u, k] / n;
                    sum += (phase[t, k] - mean) * (phase[t, k] - mean);
                }
                raw[t] = Math.Sqrt(sum);
            }
            double min = raw.Min(), max = raw.Max();
            for (var t = 0; t < n; t++)
                maxError = Math.Max(maxError, Math.Abs((raw[t] - min) / (max - min) - actual[img * n + t]));
        }
        Assert.True(maxError < 1e-4, $"max abs error {maxError}");
    }

    [Fact]
    public void Given_attention_probabilities_When_cls_attention_Then_heads_are_summed_over_the_cls_row()
    {
        // B=1, H=2, T=5. CLS row of head 0: [.2 | .1 .3 .2 .2], head 1: [0 | .4 .1 .3 .2]; other rows are noise.
        // Sum over heads over patches: [.5 .4 .5 .4] -> min-max [1 0 1 0].
        var probs = new float[2 * 5 * 5];
        Array.Fill(probs, 9f);
        float[] h0 = [0.2f, 0.1f, 0.3f, 0.2f, 0.2f], h1 = [0f, 0.4f, 0.1f, 0.3f, 0.2f];
        h0.CopyTo(probs, 0);
        h1.CopyTo(probs, 25);
        using var t = tensor(probs).reshape(1, 2, 5, 5);
        using var map = ActivationMaps.ClsAttention(t, 2, 2);
        var v = Values(map);
        float[] expected = [1f, 0f, 1f, 0f];
        for (var i = 0; i < 4; i++)
            Assert.Equal(expected[i], v[i], 1e-5f);
    }

    [Fact]
    public void Given_a_grid_that_does_not_match_the_tokens_When_maps_are_made_Then_it_throws()
    {
        using var tokens = zeros(1, 5, 3);
        Assert.Throws<ArgumentException>(() => ActivationMaps.Magnitude(tokens, 3, 3));
        using var probs = zeros(1, 2, 5, 4);
        Assert.Throws<ArgumentException>(() => ActivationMaps.ClsAttention(probs, 2, 2));
    }

    [Fact]
    public void Given_rows_When_min_max_Then_each_row_spans_zero_to_one()
    {
        using var maps = tensor(new float[] { 2, 4, 3, -1, -1, -1 }).reshape(2, 3);
        using var n = ActivationMaps.MinMaxPerImage(maps);
        Assert.Equal(new float[] { 0, 1, 0.5f, 0, 0, 0 }, Values(n));
    }
}

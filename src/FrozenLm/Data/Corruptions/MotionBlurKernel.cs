namespace FrozenLm.Data.Corruptions;

/// <summary>
/// ImageMagick's one-sided motion blur (MagickMotionBlurImage, which ImageNet-C calls): 2 ceil(radius) + 1 taps with
/// Gaussian weights exp(-i^2 / 2 sigma^2), normalised, at offsets i along the angle rounded to whole pixels; reads
/// outside the image clamp to the edge.
/// </summary>
internal sealed class MotionBlurKernel
{
    public MotionBlurKernel(double radius, double sigma, double angleDegrees)
    {
        var taps = (int)(2 * Math.Ceiling(radius) + 1);
        Weights = new double[taps];
        Dx = new int[taps];
        Dy = new int[taps];
        var angle = angleDegrees * Math.PI / 180;
        var sum = 0.0;
        for (var i = 0; i < taps; i++)
        {
            sum += Weights[i] = Math.Exp(-(double)i * i / (2 * sigma * sigma));
            Dx[i] = (int)Math.Ceiling(i * Math.Cos(angle) - 0.5);
            Dy[i] = (int)Math.Ceiling(i * Math.Sin(angle) - 0.5);
        }
        for (var i = 0; i < taps; i++)
            Weights[i] /= sum;
    }

    public double[] Weights { get; }
    public int[] Dx { get; }
    public int[] Dy { get; }

    /// <summary>Blurs one plane from <paramref name="src"/> into <paramref name="dst"/>.</summary>
    public void Apply(ReadOnlySpan<float> src, Span<float> dst, int height, int width)
    {
        for (var y = 0; y < height; y++)
            for (var x = 0; x < width; x++)
            {
                var acc = 0.0;
                for (var i = 0; i < Weights.Length; i++)
                {
                    var yy = Math.Clamp(y + Dy[i], 0, height - 1);
                    var xx = Math.Clamp(x + Dx[i], 0, width - 1);
                    acc += Weights[i] * src[yy * width + xx];
                }
                dst[y * width + x] = (float)acc;
            }
    }
}

namespace FrozenLm.Comparison.Statistics;

/// <summary>The regularized incomplete beta function I_x(a, b), by its continued fraction (modified Lentz).</summary>
public static class IncompleteBeta
{
    private const double Tiny = 1e-300;
    private const double Epsilon = 1e-15;

    /// <summary>I_x(a, b) for a, b &gt; 0 and 0 &lt;= x &lt;= 1.</summary>
    public static double Regularized(double a, double b, double x)
    {
        if (a <= 0 || b <= 0)
            throw new ArgumentOutOfRangeException(nameof(a), "a and b must be positive");
        if (x < 0 || x > 1 || double.IsNaN(x))
            throw new ArgumentOutOfRangeException(nameof(x), "must lie in [0, 1]");
        if (x == 0)
            return 0;
        if (x == 1)
            return 1;
        var logFront = LogGamma(a + b) - LogGamma(a) - LogGamma(b) + a * Math.Log(x) + b * Math.Log(1 - x);
        // The continued fraction converges fast for x < (a + 1) / (a + b + 2); use the symmetry otherwise.
        if (x < (a + 1) / (a + b + 2))
            return Math.Exp(logFront) * ContinuedFraction(a, b, x) / a;
        return 1 - Math.Exp(logFront) * ContinuedFraction(b, a, 1 - x) / b;
    }

    private static double ContinuedFraction(double a, double b, double x)
    {
        var c = 1.0;
        var d = 1.0 - (a + b) * x / (a + 1);
        d = 1.0 / (Math.Abs(d) < Tiny ? Tiny : d);
        var f = d;
        for (var m = 1; m <= 1000; m++)
        {
            // Even step: d_{2m} = m (b - m) x / ((a + 2m - 1)(a + 2m)).
            var even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
            d = 1.0 + even * d;
            d = 1.0 / (Math.Abs(d) < Tiny ? Tiny : d);
            c = 1.0 + even / c;
            if (Math.Abs(c) < Tiny)
                c = Tiny;
            f *= d * c;
            // Odd step: d_{2m+1} = -(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)).
            var odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
            d = 1.0 + odd * d;
            d = 1.0 / (Math.Abs(d) < Tiny ? Tiny : d);
            c = 1.0 + odd / c;
            if (Math.Abs(c) < Tiny)
                c = Tiny;
            var step = d * c;
            f *= step;
            if (Math.Abs(step - 1.0) < Epsilon)
                return f;
        }
        return f;
    }

    /// <summary>ln Γ(z) for z &gt; 0 (Lanczos approximation, g = 7, 9 terms; relative error below 1e-14).</summary>
    public static double LogGamma(double z)
    {
        if (z <= 0)
            throw new ArgumentOutOfRangeException(nameof(z), "must be positive");
        if (z < 0.5)
            return Math.Log(Math.PI / Math.Sin(Math.PI * z)) - LogGamma(1 - z);
        ReadOnlySpan<double> coefficients =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
            1.5056327351493116e-7,
        ];
        z -= 1;
        var sum = coefficients[0];
        for (var i = 1; i < coefficients.Length; i++)
            sum += coefficients[i] / (z + i);
        var t = z + 7.5;
        return 0.5 * Math.Log(2 * Math.PI) + (z + 0.5) * Math.Log(t) - t + Math.Log(sum);
    }
}

namespace FrozenLm.Comparison.Statistics;

/// <summary>
/// Student's t distribution: its CDF through the regularized incomplete beta function, and its quantile by
/// bisection on that CDF (accurate to about 1e-10 for the degrees of freedom used here).
/// </summary>
public static class StudentT
{
    /// <summary>P(T &lt;= t) for T with <paramref name="degreesOfFreedom"/> degrees of freedom.</summary>
    public static double Cdf(double t, double degreesOfFreedom)
    {
        if (degreesOfFreedom <= 0)
            throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), "must be positive");
        if (double.IsNaN(t))
            return double.NaN;
        if (double.IsPositiveInfinity(t))
            return 1.0;
        if (double.IsNegativeInfinity(t))
            return 0.0;
        var x = degreesOfFreedom / (degreesOfFreedom + t * t);
        var tail = 0.5 * IncompleteBeta.Regularized(degreesOfFreedom / 2.0, 0.5, x);
        return t >= 0 ? 1.0 - tail : tail;
    }

    /// <summary>The value t with P(T &lt;= t) = <paramref name="p"/>, for 0 &lt; p &lt; 1.</summary>
    public static double Quantile(double p, double degreesOfFreedom)
    {
        if (!(p > 0 && p < 1))
            throw new ArgumentOutOfRangeException(nameof(p), "must lie strictly between 0 and 1");
        if (degreesOfFreedom <= 0)
            throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), "must be positive");
        if (p == 0.5)
            return 0.0;
        if (p < 0.5)
            return -Quantile(1.0 - p, degreesOfFreedom);
        double lo = 0, hi = 1;
        while (Cdf(hi, degreesOfFreedom) < p)
        {
            lo = hi;
            hi *= 2;
            if (hi > 1e12)
                throw new ArgumentOutOfRangeException(nameof(p), "too close to 1 for this many degrees of freedom");
        }
        for (var i = 0; i < 200 && hi - lo > 1e-13 * Math.Max(1.0, hi); i++)
        {
            var mid = 0.5 * (lo + hi);
            if (Cdf(mid, degreesOfFreedom) < p)
                lo = mid;
            else
                hi = mid;
        }
        return 0.5 * (lo + hi);
    }
}

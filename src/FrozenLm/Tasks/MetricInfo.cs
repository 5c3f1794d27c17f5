namespace FrozenLm.Tasks;

/// <summary>
/// A metric a task reports: its key in metrics.jsonl / summary.json (values stored as the task computes them), its
/// label and unit in reports, whether higher is better, and the factor from a stored value to a displayed one
/// (top-1 is stored as a fraction and shown in %, so 100; minADE is stored and shown in metres, so 1).
/// </summary>
public sealed record MetricInfo(string Key, string Label, string Unit, bool HigherIsBetter, double DisplayScale = 1.0,
    string Description = "")
{
    /// <summary>The stored value as reports show it (in <see cref="Unit"/>).</summary>
    public double ToDisplay(double stored) => stored * DisplayScale;

    /// <summary>True when <paramref name="candidate"/> is strictly better than <paramref name="incumbent"/>.</summary>
    public bool IsBetter(double candidate, double incumbent) =>
        double.IsNaN(incumbent) ? !double.IsNaN(candidate) : HigherIsBetter ? candidate > incumbent : candidate < incumbent;

    /// <summary>The stored value in the display unit with two decimals: <c>97.25%</c>, <c>0.53 m</c>.</summary>
    public string Format(double stored) =>
        ToDisplay(stored).ToString("F2", System.Globalization.CultureInfo.InvariantCulture) + (Unit is "" or "%" ? Unit : " " + Unit);

    /// <summary>The worst possible value, where a search for the best starts.</summary>
    public double Worst => HigherIsBetter ? double.NegativeInfinity : double.PositiveInfinity;
}

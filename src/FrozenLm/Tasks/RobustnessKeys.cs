namespace FrozenLm.Tasks;

/// <summary>
/// The names a task's robustness evaluation and <c>compare --corruptions</c> share: the eval flags, and the evaluation
/// metric keys (mean corruption accuracy <c>mca</c>, per corruption <c>mca/NAME</c>, <c>mce</c> against a baseline).
/// </summary>
public static class RobustnessKeys
{
    public const string CorruptionsFlag = "--corruptions";
    public const string SeveritiesFlag = "--severities";
    public const string BaselineFlag = "--baseline-run";
    public const string Mean = "mca";
    public const string Mce = "mce";

    public static string OfCorruption(string name) => $"{Mean}/{name}";
}

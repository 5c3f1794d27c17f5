namespace FrozenLm.Tasks.Image;

/// <summary>One corruption's top-1 per severity (in <see cref="RobustnessReport.Severities"/> order), their mean, and
/// the corruption error relative to the baseline run when one was given.</summary>
public sealed record CorruptionResult(string Name, IReadOnlyList<double> Top1, double MeanTop1, double? Ce = null);

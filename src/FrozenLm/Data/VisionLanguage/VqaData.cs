namespace FrozenLm.Data.VisionLanguage;

/// <summary>
/// A VQA data set as a run uses it: training and evaluation splits, where they came from (source, format), and the
/// question families in a fixed order (the per-family metrics follow it).
/// </summary>
public sealed record VqaData(VqaSplit Train, VqaSplit Eval, string Source, string Format, IReadOnlyList<string> Families);

using FrozenLm.Data.Sqa3d;

namespace FrozenLm.Tasks.Sqa3d;

/// <summary>
/// The metrics of the <c>3dqa</c> task: EM@1 (the primary metric: the top answer is the annotated one), EM@10 (it is
/// among the top ten), the question-only baseline's EM@1, EM@1 per question family (<c>em1_FAMILY</c>, the generated
/// families and SQA3D's question types), and the situation head's mean position error and mean facing error.
/// </summary>
public static class Sqa3dMetrics
{
    public const string Em1 = "em1";
    public const string Em10 = "em10";
    public const string QuestionOnly = "question_only_em1";
    public const string PositionError = "situation_pos_err";
    public const string FacingError = "situation_yaw_err_deg";
    public const int TopK = 10;

    public static MetricInfo Primary { get; } = new(Em1, "EM@1", "%", HigherIsBetter: true, DisplayScale: 100, "exact match of the top answer, EM@1");

    /// <summary>Every family any 3D QA source has, in report order.</summary>
    public static IReadOnlyList<string> Families { get; } = [.. SituatedQuestions.Families, .. Sqa3dJsonReader.Families];

    public static IReadOnlyList<MetricInfo> All { get; } =
    [
        Primary,
        new(Em10, "EM@10", "%", HigherIsBetter: true, DisplayScale: 100, "the annotated answer among the top ten, EM@10"),
        new(QuestionOnly, "Q-only EM@1", "%", HigherIsBetter: true, DisplayScale: 100, "question-only baseline EM@1"),
        new(PositionError, "pos err", "", HigherIsBetter: false, DisplayScale: 1, "situation head: mean agent position error (normalised scene units)"),
        new(FacingError, "yaw err", "deg", HigherIsBetter: false, DisplayScale: 1, "situation head: mean agent facing error in degrees"),
        .. Families.Select(f => new MetricInfo(FamilyKey(f), $"{f} EM@1", "%", HigherIsBetter: true, DisplayScale: 100, $"EM@1 on {f} questions")),
    ];

    /// <summary><c>em1_side</c>, <c>em1_what</c>.</summary>
    public static string FamilyKey(string family) =>
        "em1_" + new string(family.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
}

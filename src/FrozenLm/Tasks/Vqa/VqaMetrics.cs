using FrozenLm.Data.VisionLanguage;

namespace FrozenLm.Tasks.Vqa;

/// <summary>
/// The metrics of the <c>vqa</c> task: VQA accuracy (the primary metric: the predicted answer's soft score), the
/// question-only baseline's accuracy, and the accuracy per question family (the generated families, or VQAv2's answer
/// types) under <c>acc_FAMILY</c>.
/// </summary>
public static class VqaMetrics
{
    public const string Accuracy = "vqa_acc";
    public const string QuestionOnly = "question_only_acc";

    public static MetricInfo Primary { get; } = new(Accuracy, "VQA acc", "%", HigherIsBetter: true, DisplayScale: 100, "VQA accuracy");

    /// <summary>Every family any VQA source has, in report order.</summary>
    public static IReadOnlyList<string> Families { get; } =
        [.. ShapesVqaData.Families.Select(SceneQuestions.Key), .. Vqa2Reader.AnswerTypes];

    public static IReadOnlyList<MetricInfo> All { get; } =
    [
        Primary,
        new(QuestionOnly, "Q-only acc", "%", HigherIsBetter: true, DisplayScale: 100, "question-only baseline VQA accuracy"),
        .. Families.Select(f => new MetricInfo(FamilyKey(f), $"{f} acc", "%", HigherIsBetter: true, DisplayScale: 100, $"VQA accuracy on {f} questions")),
    ];

    /// <summary><c>acc_colour</c>, <c>acc_yes_no</c>.</summary>
    public static string FamilyKey(string family) =>
        "acc_" + new string(family.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());
}

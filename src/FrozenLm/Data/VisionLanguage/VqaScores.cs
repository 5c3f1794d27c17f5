namespace FrozenLm.Data.VisionLanguage;

/// <summary>The VQA soft target of each answer: min(#humans who gave it / 3, 1), answers normalised first.</summary>
public static class VqaScores
{
    public const double HumansForFullCredit = 3;

    public static IReadOnlyDictionary<string, double> FromHumanAnswers(IEnumerable<string> answers) =>
        answers.Select(VqaAnswerNormalizer.Normalize).Where(a => a.Length > 0)
            .GroupBy(a => a, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Math.Min(g.Count() / HumansForFullCredit, 1.0), StringComparer.Ordinal);
}

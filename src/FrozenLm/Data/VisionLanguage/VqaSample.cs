namespace FrozenLm.Data.VisionLanguage;

/// <summary>
/// One VQA question: the image it asks about (index into its split's images), the question, its family (question type,
/// e.g. <c>colour</c> or VQAv2's <c>yes/no</c>), and the soft target per answer, min(#humans who gave it / 3, 1).
/// </summary>
public sealed record VqaSample(int Image, string Question, string Family, IReadOnlyDictionary<string, double> Scores)
{
    /// <summary>The answer with the highest score (the first such in order), for display.</summary>
    public string BestAnswer => Scores.OrderByDescending(kv => kv.Value).Select(kv => kv.Key).FirstOrDefault() ?? "";
}

namespace FrozenLm.Data.VisionLanguage;

/// <summary>
/// The answers a VQA classifier chooses from: the training split's answers with a positive score, most frequent first
/// (ties by ordinal order), at most <c>maxAnswers</c>. Answers outside it get no target and count as wrong.
/// </summary>
public sealed class AnswerVocabulary
{
    private readonly Dictionary<string, int> _index;

    public AnswerVocabulary(IReadOnlyList<string> answers)
    {
        Answers = answers;
        _index = answers.Select((a, i) => (a, i)).ToDictionary(p => p.a, p => p.i, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Answers { get; }
    public int Count => Answers.Count;

    /// <summary>Index of <paramref name="answer"/>, or -1 when it is not in the vocabulary.</summary>
    public int IndexOf(string answer) => _index.GetValueOrDefault(answer, -1);

    /// <summary>The vocabulary of <paramref name="train"/>; empty is a <see cref="UserInputException"/> on <paramref name="source"/>.</summary>
    public static AnswerVocabulary FromTraining(IEnumerable<VqaSample> train, int maxAnswers, string source) =>
        FromAnswers(train.SelectMany(s => s.Scores.Where(kv => kv.Value > 0).Select(kv => kv.Key)), maxAnswers, source);

    /// <summary>The vocabulary of the training answers <paramref name="given"/> (one per answer given); empty is a <see cref="UserInputException"/> on <paramref name="source"/>.</summary>
    public static AnswerVocabulary FromAnswers(IEnumerable<string> given, int maxAnswers, string source)
    {
        var answers = given
            .GroupBy(a => a, StringComparer.Ordinal)
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Take(maxAnswers > 0 ? maxAnswers : int.MaxValue)
            .Select(g => g.Key).ToList();
        if (answers.Count == 0)
            throw new UserInputException(source, "the training answers are empty: no answer vocabulary to train on");
        return new AnswerVocabulary(answers);
    }
}

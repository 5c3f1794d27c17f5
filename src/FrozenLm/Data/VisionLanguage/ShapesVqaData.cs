using FrozenLm.Runtime;

namespace FrozenLm.Data.VisionLanguage;

/// <summary>
/// The <c>shapes-vqa</c> data source: one generated scene per question, the families in turn and, within a family, its
/// answers in turn, so every answer of a family is equally frequent (within one) in each split. Each sample draws
/// scenes from its own stream (data seed 0, split, index) until one has a question with the wanted answer, so the set
/// is the same whatever seed a run trains with and whatever order it is generated in.
/// </summary>
public static class ShapesVqaData
{
    public const string Name = "shapes-vqa";
    public const int DefaultTrainCount = 12000;
    public const int DefaultEvalCount = 2400;
    private const int DataSeed = 0;

    public static IReadOnlyList<QuestionFamily> Families { get; } = Enum.GetValues<QuestionFamily>();

    public static VqaData Open(int trainCount = DefaultTrainCount, int evalCount = DefaultEvalCount) =>
        new(Split("train", trainCount), Split("test", evalCount), Name, "generated",
            Families.Select(SceneQuestions.Key).ToList());

    /// <summary>The generated split <paramref name="split"/> with <paramref name="count"/> questions.</summary>
    public static VqaSplit Split(string split, int count)
    {
        var scenes = new Scene[count];
        var samples = new VqaSample[count];
        Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, Environment.ProcessorCount) }, i =>
        {
            var (scene, question) = Sample(split, i);
            scenes[i] = scene;
            samples[i] = new VqaSample(i, question.Text, SceneQuestions.Key(question.Family),
                new Dictionary<string, double> { [question.Answer] = 1.0 });
        });
        return new VqaSplit($"{Name}/{split}", samples, new SceneImages(scenes, $"{Name}/{split}"));
    }

    /// <summary>Sample <paramref name="index"/> of <paramref name="split"/>: its scene and question.</summary>
    public static (Scene Scene, SceneQuestion Question) Sample(string split, int index)
    {
        var family = Families[index % Families.Count];
        var answers = SceneQuestions.Answers(family);
        var answer = answers[index / Families.Count % answers.Count];
        var rng = new Random(Seeding.Derive(DataSeed, $"{Name}/{split}/{index}"));
        while (true)
        {
            var scene = SceneGenerator.Generate(rng);
            if (SceneQuestions.TryAsk(scene, family, answer, rng) is { } question)
                return (scene, question);
        }
    }
}

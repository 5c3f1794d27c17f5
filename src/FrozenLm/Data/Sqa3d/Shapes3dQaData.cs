using FrozenLm.Runtime;

namespace FrozenLm.Data.Sqa3d;

/// <summary>
/// The <c>shapes-3dqa</c> data source: one generated room per question (<see cref="RoomGenerator"/>, points from
/// <see cref="RoomPointSampler"/>), a situation in it, and a templated situated question (<see cref="SituatedQuestions"/>).
/// The families take turns and, within a family, its answers take turns, so each answer of a family is equally
/// frequent (within one) in each split. Each sample draws rooms from its own stream (data seed 0, split, index) until
/// one has a question with the wanted answer, so the set is the same whatever seed a run trains with.
/// </summary>
public static class Shapes3dQaData
{
    public const string Name = "shapes-3dqa";
    public const int DefaultTrainCount = 12000;
    public const int DefaultEvalCount = 2400;
    public const int DefaultPoints = 1024;
    private const int DataSeed = 0;

    public static Sqa3dData Open(int trainCount = DefaultTrainCount, int evalCount = DefaultEvalCount, int points = DefaultPoints) =>
        new(Split("train", trainCount, points), Split("test", evalCount, points), Name, "generated", SituatedQuestions.Families);

    /// <summary>The generated split <paramref name="split"/> with <paramref name="count"/> questions, rooms of <paramref name="points"/> points.</summary>
    public static Sqa3dSplit Split(string split, int count, int points)
    {
        if (count < 1)
            throw new UserInputException("--data " + Name, $"needs at least one question per split, got {count}");
        if (points < 64)
            throw new UserInputException("--points", $"{Name} needs at least 64 points per room, got {points}");
        var samples = new Sqa3dSample[count];
        var scenes = new ScenePoints[count];
        Parallel.For(0, count, i =>
        {
            var (room, sample) = Sample(split, i);
            var rng = new Random(Seeding.Derive(DataSeed, $"{Name}/{split}/{i}/points"));
            var (values, segments) = RoomPointSampler.Sample(room, points, rng);
            scenes[i] = new ScenePoints(sample.SceneId, values, segments);
            samples[i] = sample;
        });
        return new Sqa3dSplit($"{Name}/{split}", samples, scenes.ToDictionary(s => s.Id, StringComparer.Ordinal));
    }

    /// <summary>Sample <paramref name="index"/> of <paramref name="split"/>: its room and question.</summary>
    public static (Room Room, Sqa3dSample Sample) Sample(string split, int index)
    {
        var families = SituatedQuestions.Families;
        var family = families[index % families.Count];
        var answers = SituatedQuestions.Answers(family);
        var answer = answers[index / families.Count % answers.Count];
        var rng = new Random(Seeding.Derive(DataSeed, $"{Name}/{split}/{index}"));
        while (true)
        {
            var room = RoomGenerator.Generate(rng);
            if (RoomGenerator.Situate(room, rng) is not var (pose, anchor, facing))
                continue;
            for (var attempt = 0; attempt < 8; attempt++)
            {
                if (SituatedQuestions.TryAsk(room, pose, anchor, facing, family, answer, rng) is { } question)
                {
                    var situation = SituatedQuestions.Situation(room, anchor, facing, rng);
                    return (room, new Sqa3dSample(index, $"{split}/{index}", situation, question, answer, family, pose));
                }
            }
        }
    }
}

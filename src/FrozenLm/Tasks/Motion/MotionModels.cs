using FrozenLm.FrozenStage;
using FrozenLm.Models;

namespace FrozenLm.Tasks.Motion;

/// <summary>The motion models <c>--model</c> chooses among: one entry per architecture, the task's only switch point.</summary>
public static class MotionModels
{
    private static readonly IReadOnlyDictionary<string, Func<MotionTaskOptions, LmStage?, LmStagePosition, IMotionForecaster>> Entries =
        new Dictionary<string, Func<MotionTaskOptions, LmStage?, LmStagePosition, IMotionForecaster>>(StringComparer.Ordinal)
        {
            [VectorNet.Name] = (o, stage, position) => new VectorNet(o.Model, stage, position),
            [MmTransformer.Name] = (o, stage, position) =>
                new MmTransformer(o.Model, o.MmTransformer, 1 + o.Vectorizer.MaxAgents, o.Vectorizer.Vectors, stage, position),
        };

    public static IReadOnlyCollection<string> Names => [.. Entries.Keys];

    public static void Check(string name)
    {
        if (!Entries.ContainsKey(name))
            throw new UserInputException("--model", $"unknown motion model '{name}' (known: {string.Join(", ", Entries.Keys)})");
    }

    public static IMotionForecaster Create(MotionTaskOptions options, LmStage? stage, LmStagePosition position)
    {
        Check(options.Architecture);
        return Entries[options.Architecture](options, stage, position);
    }
}

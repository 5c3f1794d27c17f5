using FrozenLm.Runtime;

namespace FrozenLm.Training;

/// <summary>
/// Where a run's time went (<c>timing</c> in summary.json): wall and CPU seconds per phase, exclusive, so that they add
/// up to <see cref="Total"/>. Phases: <see cref="Build"/>, <see cref="LmLoad"/>, <see cref="Data"/>,
/// <see cref="Train"/>, <see cref="Eval"/>, <see cref="Checkpoint"/>, <see cref="Reports"/> and <see cref="Other"/>.
/// A resumed run records the resumed part only.
/// </summary>
public sealed record RunTiming
{
    /// <summary>Task construction: data sets, model, loaders (without the LM load).</summary>
    public const string Build = "build";

    /// <summary>Reading and building the LM stage's block(s).</summary>
    public const string LmLoad = "lm_load";

    /// <summary>Producing training and evaluation batches (the loaders).</summary>
    public const string Data = "data";

    /// <summary>Training steps (forward, backward, optimizer).</summary>
    public const string Train = "train";

    /// <summary>Evaluation forwards and metrics.</summary>
    public const string Eval = "eval";

    /// <summary>Train state and weight files after every epoch.</summary>
    public const string Checkpoint = "checkpoint";

    /// <summary>config.json, metrics.jsonl, curves.png and summary.json.</summary>
    public const string Reports = "reports";

    /// <summary>Everything else between the start and the end of the run.</summary>
    public const string Other = "other";

    public required IReadOnlyDictionary<string, PhaseTime> Phases { get; init; }

    /// <summary>The sum of the phases.</summary>
    public PhaseTime Total => Phases.Values.Aggregate(default(PhaseTime), (a, b) => a + b);
}

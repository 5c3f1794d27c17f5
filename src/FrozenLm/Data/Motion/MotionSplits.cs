namespace FrozenLm.Data.Motion;

/// <summary>The training and evaluation scenes of a run, where they came from, and what the lanes are (or why there are none).</summary>
public sealed record MotionSplits(
    IReadOnlyList<MotionScene> Train,
    IReadOnlyList<MotionScene> Eval,
    string Source,
    string Format,
    string TrainName,
    string EvalName,
    string Lanes);

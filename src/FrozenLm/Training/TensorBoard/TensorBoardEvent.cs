namespace FrozenLm.Training.TensorBoard;

/// <summary>One summary value read back from an event file: its step, tag, and scalar value or histogram count.</summary>
public sealed record TensorBoardEvent(long Step, string Tag, double? Scalar, double? HistogramCount);

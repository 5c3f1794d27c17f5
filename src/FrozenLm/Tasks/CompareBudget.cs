namespace FrozenLm.Tasks;

/// <summary>
/// What a comparison of a task's preset runs where the user gives nothing: epochs and data limits (0 = all), the same
/// for every variant; a task declares one where its preset alone would make the default comparison too slow.
/// </summary>
public sealed record CompareBudget(int Epochs, int TrainLimit, int EvalLimit);

namespace FrozenLm.Tasks;

/// <summary>
/// How much a prediction shows: <see cref="Top"/> candidates per input where the task ranks candidates, and the values
/// of the task's own predict flags (<see cref="ITaskPredictor.Flags"/>).
/// </summary>
public sealed record PredictOptions
{
    public int Top { get; init; } = 3;

    public TaskCommandValues Values { get; init; } = TaskCommandValues.None;

    public void Validate()
    {
        if (Top < 1)
            throw new UserInputException("--top", $"must be at least 1, got {Top}");
    }
}

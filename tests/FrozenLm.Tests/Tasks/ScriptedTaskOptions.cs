using FrozenLm.Tasks;

namespace FrozenLm.Tests.Tasks;

/// <summary>The scripted test task's own settings: the model width and the evaluation error reported after each epoch.</summary>
public sealed record ScriptedTaskOptions : TaskOptions
{
    public int Width { get; init; } = 2;
    public double[] Errors { get; init; } = [0.5, 0.2, 0.4];
}

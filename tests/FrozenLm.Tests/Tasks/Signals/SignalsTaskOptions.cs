using FrozenLm.Tasks;

namespace FrozenLm.Tests.Tasks.Signals;

/// <summary>The test-only <c>signals</c> task's own settings: the width of its tokens.</summary>
public sealed record SignalsTaskOptions : TaskOptions
{
    public int Dim { get; init; } = 16;
}

namespace FrozenLm.Comparison;

/// <summary>How a comparison was run: its settings, the resolved epoch count and the machine it ran on.</summary>
public sealed record CompareSetup(
    CompareSettings Settings,
    int Epochs,
    string DataDescription,
    int Threads,
    int ProcessorCount,
    string Machine,
    string ToolVersion,
    DateTimeOffset FinishedUtc,
    double WallSeconds,
    double TrainSeconds);

using FrozenLm.Analysis;

namespace FrozenLm.Tasks;

/// <summary>What explaining one run produced: its scores (filtering.json), the lines a console prints, and the files written.</summary>
public sealed record TaskExplanation(FilteringReport Report, IReadOnlyList<string> Lines, IReadOnlyList<string> Files);

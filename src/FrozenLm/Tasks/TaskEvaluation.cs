using System.Text.Json.Nodes;

namespace FrozenLm.Tasks;

/// <summary>
/// What an evaluation produced: the task's metrics (stored values, keyed like metrics.jsonl), the content of eval.json,
/// the lines a console prints, and the figure files written (names relative to the output folder).
/// </summary>
public sealed record TaskEvaluation(
    IReadOnlyDictionary<string, double> Metrics,
    JsonObject Report,
    IReadOnlyList<string> Lines,
    IReadOnlyList<string> Files);

using FrozenLm.Analysis;
using static TorchSharp.torch;

namespace FrozenLm.Tasks;

/// <summary>
/// A task's explanation of a reopened run (<c>frozenlm explain</c>): filtering maps at the capture points scored
/// against the task's ground truth, and gradient coherence, written into an output folder; the per-run scores feed the
/// <c>explain --compare</c> section.
/// </summary>
public interface ITaskExplainer
{
    /// <summary>The task's own <c>explain</c> flags; their values arrive in <see cref="ExplainOptions.Values"/>.</summary>
    IReadOnlyList<TaskCommandFlag> Flags => [];

    /// <summary>Throws <see cref="UserInputException"/> for options this task does not take (before the run is reopened).</summary>
    void CheckOptions(ExplainOptions options, string runDir);

    /// <summary>Explains the reopened <paramref name="task"/> of <paramref name="runDir"/> into <paramref name="outDir"/>.</summary>
    TaskExplanation Explain(ITrainingTask task, string runDir, string outDir, ExplainOptions options, Device device,
        TextWriter? log = null);

    /// <summary>The note above the comparison's explain tables: what was explained and how it was scored (plain text).</summary>
    string CompareNote(string data, int samplesPerRun, double? chanceMiou);
}

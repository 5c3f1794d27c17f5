namespace FrozenLm.Tasks;

/// <summary>
/// A task's full evaluation of a reopened run (<c>frozenlm eval</c>): its metrics and details on the evaluation data,
/// with the task's figures written into the run directory; the caller writes <see cref="TaskEvaluation.Report"/> to eval.json.
/// </summary>
public interface ITaskEvaluator
{
    /// <summary>The task's own <c>eval</c> flags; their values arrive in <c>values</c>.</summary>
    IReadOnlyList<TaskCommandFlag> Flags => [];

    /// <param name="task">The reopened task, its trained weights loaded, in eval mode.</param>
    /// <param name="weightsEpoch">The epoch the loaded weights come from (recorded in the report).</param>
    /// <param name="outDir">Where the figures go (the run directory).</param>
    /// <param name="values">The values of the task's own flags (<see cref="Flags"/>).</param>
    /// <param name="ct">Cancels between batches.</param>
    TaskEvaluation Evaluate(ITrainingTask task, int weightsEpoch, string outDir, TaskCommandValues values, CancellationToken ct = default);
}

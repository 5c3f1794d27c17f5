namespace FrozenLm.Comparison.Parallel;

/// <summary>Receives the progress of a comparison whose runs train in child processes (for the console).</summary>
public interface IParallelCompareObserver
{
    /// <summary>A child process started training <paramref name="run"/> (plan position <paramref name="index"/>).</summary>
    void RunLaunched(CompareRunRequest run, int index, int pid);

    /// <summary>One line the child printed (its epoch lines, or an error).</summary>
    void RunOutput(CompareRunRequest run, string line);

    /// <summary>The child ended; <paramref name="exitCode"/> 0 means the run finished.</summary>
    void RunExited(CompareRunRequest run, int exitCode, TimeSpan elapsed);

    /// <summary>Called about once a second while runs train, with the state of the whole grid.</summary>
    void Tick(ParallelProgress progress);
}

namespace FrozenLm.Comparison.Parallel;

/// <summary>One run training in a child process: its last output line and the fraction of its epochs done.</summary>
public sealed record RunningRun(CompareRunRequest Run, int Pid, TimeSpan Elapsed, double Fraction, string LastLine);

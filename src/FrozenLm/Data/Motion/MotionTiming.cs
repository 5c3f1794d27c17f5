namespace FrozenLm.Data.Motion;

/// <summary>Argoverse 1 motion forecasting timing: 10 Hz, 2 s of history (20 steps) and 3 s of future (30 steps).</summary>
public static class MotionTiming
{
    public const int HistorySteps = 20;
    public const int FutureSteps = 30;
    public const int TotalSteps = HistorySteps + FutureSteps;
    public const double StepSeconds = 0.1;

    /// <summary>The index of the last observed step, where the target agent's frame is anchored.</summary>
    public const int LastObserved = HistorySteps - 1;
}

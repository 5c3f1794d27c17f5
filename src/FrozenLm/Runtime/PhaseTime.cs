namespace FrozenLm.Runtime;

/// <summary>Wall and CPU seconds of one phase.</summary>
public readonly record struct PhaseTime(double WallSeconds, double CpuSeconds)
{
    public static PhaseTime operator +(PhaseTime a, PhaseTime b) => new(a.WallSeconds + b.WallSeconds, a.CpuSeconds + b.CpuSeconds);
}

namespace FrozenLm.Training;

/// <summary>
/// Learning rate per optimizer step: linear warm-up from <see cref="WarmupLr"/> to <see cref="BaseLr"/> over
/// <see cref="WarmupSteps"/>, then a half cosine from <see cref="BaseLr"/> down to <see cref="MinLr"/> at
/// <see cref="TotalSteps"/> (held there afterwards). A pure function of the step.
/// </summary>
public sealed record LrSchedule(double BaseLr, double MinLr, double WarmupLr, int WarmupSteps, int TotalSteps)
{
    public double At(int step)
    {
        if (step < 0)
            throw new ArgumentOutOfRangeException(nameof(step), step, "steps start at 0");
        if (step < WarmupSteps)
            return WarmupLr + (BaseLr - WarmupLr) * step / WarmupSteps;
        var span = TotalSteps - WarmupSteps;
        if (span <= 0)
            return BaseLr;
        var t = Math.Min(1.0, (double)(step - WarmupSteps) / span);
        return MinLr + 0.5 * (BaseLr - MinLr) * (1.0 + Math.Cos(Math.PI * t));
    }
}

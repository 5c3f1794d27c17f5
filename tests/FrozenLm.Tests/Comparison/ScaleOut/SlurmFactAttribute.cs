namespace FrozenLm.Tests.Comparison.ScaleOut;

/// <summary>A fact that needs the local Slurm cluster; skipped, with the reason, where it cannot start (not root, no slurm-wlm).</summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (LocalSlurmCluster.Unavailable() is { } reason)
            Skip = reason;
    }
}

namespace FrozenLm.Comparison.Slurm;

/// <summary>Where one run of a Slurm comparison stands.</summary>
public enum SlurmRunState
{
    /// <summary>Its summary.json exists.</summary>
    Finished,

    /// <summary>Its array task is queued (pending) or running.</summary>
    Queued,

    /// <summary>Its last array task ended without finishing the run.</summary>
    Failed,

    /// <summary>No array task was ever submitted for it.</summary>
    Missing,
}

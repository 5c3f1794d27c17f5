using FrozenLm.Comparison.Slurm;

namespace FrozenLm.Cli.Commands;

/// <summary>
/// What the Slurm flags ask: submit (<c>--slurm</c> or <c>--resubmit</c>), only write the script, and the resources
/// given on this command line (null: those of the last submission, or the cluster's defaults).
/// </summary>
internal sealed record CompareSlurmRequest(bool Submit, bool DryRun, SlurmOptions? Options);

using System.CommandLine;
using FrozenLm.Comparison.Slurm;

namespace FrozenLm.Cli.Commands;

/// <summary>The Slurm flags of <c>compare</c>: submit as a job array, the <c>#SBATCH</c> resources, dry run, resubmit.</summary>
internal sealed class CompareSlurmFlags
{
    private readonly Option<bool> _slurm = new("--slurm")
    {
        Description = "Submit the pending runs as a Slurm job array (DIR/slurm/grid.sbatch, one array task per run, logs in DIR/slurm/logs); " +
                      "run 'compare --out DIR' again later to see progress and aggregate",
    };
    private readonly Option<string?> _partition = new("--partition") { Description = "Slurm partition of the array tasks" };
    private readonly Option<string?> _time = new("--time") { Description = "Slurm time limit per run (HH:MM:SS)" };
    private readonly Option<int?> _cpus = new("--cpus-per-task") { Description = "CPUs per run; each run trains with this many threads (default 1)" };
    private readonly Option<string?> _mem = new("--mem") { Description = "Slurm memory per run (e.g. 16G)" };
    private readonly Option<string?> _gres = new("--gres") { Description = "Slurm generic resources per run (e.g. gpu:1)" };
    private readonly Option<string[]> _extra = new("--sbatch-arg")
    {
        Description = "A further #SBATCH option, verbatim (repeatable), e.g. --sbatch-arg=--account=lab",
        AllowMultipleArgumentsPerToken = false,
    };
    private readonly Option<bool> _dryRun = new("--dry-run") { Description = "With --slurm: only write DIR/slurm/grid.sbatch, submit nothing" };
    private readonly Option<bool> _resubmit = new("--resubmit")
    {
        Description = "Submit the failed or missing runs of a Slurm comparison again (with the resources of its last submission unless given)",
    };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _slurm, _partition, _time, _cpus, _mem, _gres, _extra, _dryRun, _resubmit })
            command.Options.Add(option);
    }

    /// <summary>The flags as given; throws <see cref="UserInputException"/> for a bad value or a flag without --slurm.</summary>
    public CompareSlurmRequest Read(ParseResult parse)
    {
        var submit = parse.GetValue(_slurm) || parse.GetValue(_resubmit);
        var options = new SlurmOptions
        {
            Partition = parse.GetValue(_partition),
            Time = parse.GetValue(_time),
            CpusPerTask = parse.GetValue(_cpus),
            Mem = parse.GetValue(_mem),
            Gres = parse.GetValue(_gres),
            ExtraArguments = parse.GetValue(_extra) ?? [],
        };
        options.Validate();
        if (!submit)
        {
            foreach (var flag in new Option[] { _partition, _time, _cpus, _mem, _gres, _extra, _dryRun })
                if (CompareCommand.Explicit(parse, flag))
                    throw new UserInputException(flag.Name, "applies only to a Slurm submission (add --slurm)");
        }
        var given = new Option[] { _partition, _time, _cpus, _mem, _gres, _extra }.Any(f => CompareCommand.Explicit(parse, f));
        return new CompareSlurmRequest(submit, parse.GetValue(_dryRun), given ? options : null);
    }
}

using System.CommandLine;
using FrozenLm.Comparison;
using FrozenLm.Tasks;

namespace FrozenLm.Cli.Commands;

/// <summary>
/// <c>frozenlm compare-run</c> (hidden): trains exactly one run of the comparison grid in <c>DIR/compare-grid.json</c>
/// into its run directory, resuming it from its checkpoint when it was interrupted. The child process of
/// <c>compare --parallel</c> and the body of each Slurm array task; it never aggregates and takes no lock.
/// </summary>
public sealed class CompareRunCommand : ICliCommand
{
    public const string Name = "compare-run";

    private readonly Option<string> _out = new("--out") { Description = "Comparison directory holding compare-grid.json", Required = true };
    private readonly Option<string> _variant = new("--variant") { Description = "The run's variant spec (canonical name)", Required = true };
    private readonly Option<int> _seed = new("--seed") { Description = "The run's seed", Required = true };

    public Command Build()
    {
        var command = new Command(Name, "Train one run of a comparison grid (used by compare --parallel and --slurm)") { Hidden = true };
        command.Options.Add(_out);
        command.Options.Add(_variant);
        command.Options.Add(_seed);
        return command;
    }

    public int Execute(CliContext context)
    {
        var outDir = Path.GetFullPath(context.Get(_out));
        var settings = CompareGridFile.Read(outDir);
        var plan = CompareRunner.Plan(settings);
        var variant = context.Get(_variant);
        var seed = context.Get(_seed);
        var index = plan.ToList().FindIndex(r => r.Variant == variant && r.Seed == seed);
        if (index < 0)
            throw new UserInputException("--variant", $"'{variant}' with seed {seed} is not a run of the grid in {CompareGridFile.PathIn(outDir)}");
        var device = context.InitTorch();
        var console = new CompareConsole(context.Out, TaskRegistry.Get(settings.Task));
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            new CompareRunner(new TrainerCompareBackend(device), console).TrainOne(plan[index], outDir, index, plan.Count, cancel.Token);
            return CliApp.ExitOk;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}

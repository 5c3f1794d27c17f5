using System.CommandLine;
using FrozenLm.Tasks;
using FrozenLm.Training;
using Spectre.Console;

namespace FrozenLm.Cli.Commands;

/// <summary><c>frozenlm train</c>: trains a model into a run directory, or resumes one.</summary>
public sealed class TrainCommand : ICliCommand
{
    private readonly TrainOptionsBinder _flags = new();
    private readonly Option<string?> _out = new("--out") { Description = "Run directory to create (config, metrics, checkpoints, plots)" };
    private readonly Option<string?> _resume = new("--resume") { Description = "Continue the run in DIR from its last finished epoch" };

    private readonly Option<string?> _tensorBoard = TensorBoardOption.Create("default: <out>/tensorboard; with DIR: DIR/<run folder name>");

    public Command Build()
    {
        var command = new Command("train", "Train a visual encoder with a frozen LM block (or a control) into a run directory");
        _flags.AddTo(command);
        command.Options.Add(_out);
        command.Options.Add(_resume);
        command.Options.Add(_tensorBoard);
        return command;
    }

    public int Execute(CliContext context)
    {
        var parse = context.Parse;
        var outDir = parse.GetValue(_out);
        var resume = parse.GetValue(_resume);
        if (resume is not null && outDir is not null)
            throw new UserInputException("--resume", "give either --resume DIR or --out DIR, not both");
        if (resume is not null && _flags.AnyGiven(parse))
            throw new UserInputException("--resume", "a resumed run keeps its recorded settings; drop the other training flags");
        if (resume is null && outDir is null)
            throw new UserInputException("--out", "give the run directory to create (or --resume DIR)");
        if (resume is not null && parse.GetResult(_tensorBoard) is { Implicit: false })
            throw new UserInputException("--tensorboard", "a resumed run keeps its recorded settings (including its TensorBoard folder)");
        var options = resume is null ? _flags.Resolve(parse) : null;
        if (options is not null && TensorBoardOption.Resolve(parse, _tensorBoard, outDir!, Path.GetFileName(Path.GetFullPath(outDir!).TrimEnd('/'))) is { } events)
            options = options with { TensorBoard = events };
        var device = context.InitTorch();

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            RunSummary Train(ITrainingObserver observer) => resume is null
                ? TrainingRunner.Run(options!, outDir!, observer, device, cancel.Token)
                : TrainingRunner.Resume(resume, observer, device, cancel.Token);

            RunSummary summary;
            var live = ReferenceEquals(context.Out, Console.Out) && !Console.IsOutputRedirected;
            if (live)
            {
                summary = null!;
                AnsiConsole.Progress()
                    .AutoClear(false)
                    .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                        new ElapsedTimeColumn(), new RemainingTimeColumn())
                    .Start(ctx => summary = Train(new TrainProgress(context.Out, ctx)));
            }
            else
            {
                summary = Train(new TrainProgress(context.Out, null));
            }
            var definition = TaskRegistry.Get(summary.Task);
            var metric = definition.PrimaryMetric;
            context.Out.WriteLine(
                $"done: best {metric.Label} {metric.Format(summary.BestPrimary)} (epoch {summary.BestEpoch}), final {metric.Label} {metric.Format(summary.FinalPrimary)}, " +
                $"{summary.SamplesPerS:F0} {definition.SampleUnit}/s, {summary.Seconds:F0} s, {summary.ParamsTrainable:N0} trainable / " +
                $"{summary.ParamsFrozen:N0} frozen parameters -> {summary.OutDir}");
            return CliApp.ExitOk;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }
}

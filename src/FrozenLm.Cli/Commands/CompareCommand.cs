using FrozenLm.Tasks;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FrozenLm.Comparison;
using FrozenLm.Runtime;
using FrozenLm.Comparison.Parallel;
using FrozenLm.Comparison.Slurm;
using FrozenLm.Reports;
using FrozenLm.Training;
using Spectre.Console;
using Spectre.Console.Rendering;
using TorchSharp;

namespace FrozenLm.Cli.Commands;

/// <summary>
/// <c>frozenlm compare</c>: trains every variant x seed with the same data order per seed (resuming where a previous
/// invocation stopped), then prints the table and writes results.json, report.md and report.html.
/// </summary>
public sealed class CompareCommand : ICliCommand
{
    /// <summary>The default output directory: stable, so running the same command again resumes instead of restarting.</summary>
    public const string DefaultOut = "runs/compare";

    /// <summary>What <c>--parallel</c> is when not given.</summary>
    public const string DefaultParallel = "auto";

    private readonly Option<string> _task = new("--task") { Description = "Task: image (default) or another registered task", DefaultValueFactory = _ => TaskRegistry.DefaultTask };
    private readonly Option<string?> _data = new("--data") { Description = "Data source (default: the bundled Fashion-MNIST subset)" };
    private readonly Option<string> _lm = new("--lm") { Description = "LM checkpoint path or built-in name", DefaultValueFactory = _ => "minilm" };
    private readonly Option<string?> _lmLayers = new("--lm-layers") { Description = "Comma-separated LM layer indices (default: the trainer's)" };
    private readonly Option<string> _variants = new("--variants")
    {
        Description = "Comma-separated variant specs, one row each: " + string.Join(", ", CompareVariants.All) + ", with LM-stage options " +
                      "after colons: " + VariantSpec.OptionsHelp + " (e.g. frozen:layers=4+5:residual, frozen:position=middle, " +
                      "frozen:lm=arctic-xs, random:layers=5); none is the reference",
        DefaultValueFactory = _ => string.Join(",", CompareVariants.Default),
    };
    private readonly Option<int?> _seeds = new("--seeds") { Description = "Seeds per variant (default: 3 for quick, 5 for standard, 3 for paper)" };
    private readonly Option<string> _preset = new("--preset") { Description = "quick | standard | paper", DefaultValueFactory = _ => "quick" };
    private readonly Option<string> _out = new("--out")
    {
        Description = "Comparison directory; running again with the same DIR resumes, skipping finished runs",
        DefaultValueFactory = _ => DefaultOut,
    };
    private readonly Option<int?> _epochs = new("--epochs") { Description = "Epochs per run (default: the task's comparison budget for the preset, e.g. 3 for a quick image comparison, else the preset's)" };
    private readonly Option<int?> _batchSize = new("--batch-size") { Description = "Batch size (default: the preset's)" };
    private readonly Option<double?> _lr = new("--lr") { Description = "Peak learning rate (default: the preset's)" };
    private readonly Option<int?> _trainLimit = new("--train-limit")
    {
        Description = "Use at most N training samples, a seeded subset (0 = all; default: the task's comparison budget, e.g. 2000 for a quick image comparison, else all)",
    };
    private readonly Option<int?> _evalLimit = new("--eval-limit")
    {
        Description = "Use at most N test samples (0 = all; default: the task's comparison budget, e.g. 2000 for a quick image comparison, else all)",
    };
    private readonly Option<bool> _force = new("--force") { Description = "Retrain runs in DIR that were made with other settings instead of refusing" };
    private readonly Option<string> _parallel = new("--parallel")
    {
        Description = "Runs trained at once, each in its own process with --threads (default: cores / N) threads: N, or auto " +
                      "(from the cores, the model size and the memory). Results are bit-identical to --parallel 1 at the same threads per run",
        DefaultValueFactory = _ => DefaultParallel,
    };
    private readonly CompareSlurmFlags _slurm = new();
    private readonly Option<string?> _tensorBoard = TensorBoardOption.Create("each run in its own subfolder, DIR/<variant>-seed-<k>; default DIR: <out>/tensorboard");
    private readonly Option<string?> _corruptions = new("--corruptions")
    {
        Description = "After training, evaluate every run under ImageNet-C corruptions (all or NAME,...) and add a robustness table to the report",
    };
    private readonly Option<string?> _severities = new("--severities") { Description = "Corruption severities for --corruptions, e.g. 1-5 (default) or 3" };

    /// <summary>The task's own train flags (<c>--model</c>, <c>--dim</c>, ...), the same <c>train --task T</c> accepts; help lists T's.</summary>
    private readonly TrainOptionsBinder _taskFlags;

    public CompareCommand() => _taskFlags = TrainOptionsBinder.TaskFlagsOnly(_task);

    public Command Build()
    {
        var command = new Command("compare",
            "Train the plain encoder, the frozen LM block and its controls over several seeds; report mean ± std, " +
            "paired 95% confidence intervals and an honest verdict (results.json, report.md, report.html)");
        foreach (var option in new Option[] { _task, _data, _lm, _lmLayers, _variants, _seeds, _preset, _out, _epochs, _batchSize, _lr,
                     _trainLimit, _evalLimit, _force, _parallel, _tensorBoard, _corruptions, _severities })
            command.Options.Add(option);
        _slurm.AddTo(command);
        var own = command.Options.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        if (_taskFlags.FlagOptions.FirstOrDefault(o => own.Contains(o.Name)) is { } clash)
            throw new InvalidOperationException($"task flag {clash.Name} has the name of a compare option");
        _taskFlags.AddTo(command);
        return command;
    }

    public int Execute(CliContext context)
    {
        var startup = CompareTiming.ProcessSoFar();
        var parse = context.Parse;
        var outDir = Path.GetFullPath(parse.GetValue(_out)!);
        var parallel = ParallelismPlan.ParseFlag(parse.GetValue(_parallel)!);
        var slurm = _slurm.Read(parse);
        var settings = Settings(parse, outDir);
        settings.Validate();
        var device = context.InitTorch();
        var backend = new TrainerCompareBackend(device);
        backend.Validate(settings);

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            using var dirLock = CompareLock.Acquire(outDir);
            var clock = Stopwatch.StartNew();
            if (parse.GetValue(_force))
                SlurmGridStatus.EnsureNoneActive(outDir, new SlurmClient());
            var plan = CompareRunner.Prepare(settings, outDir, parse.GetValue(_force));
            CompareGridFile.Write(outDir, settings);
            var child = ChildCommand(parse);
            var slurmMode = new CompareSlurmMode(context.Out, new SlurmClient());
            if (slurm.Submit || (SlurmJobs.Exists(outDir) && !Explicit(parse, _parallel)))
            {
                var complete = slurm.Submit
                    ? slurmMode.Submit(settings, plan, outDir, slurm, child)
                    : slurmMode.Report(settings, plan, outDir);
                if (complete.Count == 0)
                    return CliApp.ExitOk;
                WriteReports(context, settings, outDir, complete, TorchSharp.torch.get_num_threads(), clock.Elapsed.TotalSeconds,
                    complete.Count == plan.Count ? null : $"{complete.Count} of {plan.Count} runs finished", device, startup, cancel.Token);
                return CliApp.ExitOk;
            }

            var cores = Environment.ProcessorCount;
            var threadsFlag = parse.GetValue(GlobalOptions.Threads);
            var pending = plan.Count(r => !CompareRunner.IsDone(r, outDir));
            var split = parallel is { } n
                ? ParallelismPlan.Fixed(n, threadsFlag, cores, pending)
                : ParallelismPlan.Auto(cores, backend.LargestStageParameters(settings), pending, AvailableMemory(), threadsFlag);
            var threads = split.Parallel > 1 ? split.ThreadsPerRun : TorchSharp.torch.get_num_threads();
            context.Out.WriteLine($"compare: {settings.Variants.Count} variants x {settings.Seeds} seeds, task {settings.Task}, " +
                                  $"lm {settings.Lm}, preset {settings.Preset}, " +
                                  (settings.TaskFlags.Count == 0 ? "" : $"task flags {settings.TaskFlagsText}, ") +
                                  (split.Parallel > 1 ? $"{split.Parallel} runs at a time x {threads} threads" : $"{threads} threads") +
                                  $" -> {outDir}");
            if (split.Parallel > 1)
            {
                foreach (var run in plan.Where(r => CompareRunner.IsDone(r, outDir)))
                    context.Out.WriteLine($"  {run.Variant,-8} seed {run.Seed}: finished earlier, reused");
                new ParallelCompareRunner(child, split.Parallel, threads,
                        new CompareParallelConsole(context.Out, CompareParallelConsole.IsTerminal(context.Out)))
                    .Run(plan, outDir, cancel.Token);
            }
            else
            {
                var runner = new CompareRunner(backend, new CompareConsole(context.Out, TaskRegistry.Get(settings.Task)));
                for (var i = 0; i < plan.Count; i++)
                {
                    cancel.Token.ThrowIfCancellationRequested();
                    runner.TrainOne(plan[i], outDir, i, plan.Count, cancel.Token);
                }
            }
            WriteReports(context, settings, outDir, CompareRunner.Collect(settings, outDir), threads, clock.Elapsed.TotalSeconds, null, device, startup, cancel.Token);
            return CliApp.ExitOk;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>
    /// The grid: from the flags, or, when none of the grid's flags is given and DIR holds a compare-grid.json, from that
    /// file (so <c>compare --out DIR</c> alone continues or reports the comparison started there).
    /// </summary>
    private CompareSettings Settings(ParseResult parse, string outDir)
    {
        Option[] gridFlags = [_task, _data, _lm, _lmLayers, _variants, _seeds, _preset, _epochs, _batchSize, _lr, _trainLimit, _evalLimit,
            _tensorBoard, _corruptions, _severities, .. _taskFlags.FlagOptions];
        if (!gridFlags.Any(f => Explicit(parse, f)) && CompareGridFile.Exists(outDir))
            return CompareGridFile.Read(outDir);
        var preset = parse.GetValue(_preset)!.ToLowerInvariant();
        var settings = CompareDefaults.Apply(new CompareSettings
        {
            Task = parse.GetValue(_task)!.ToLowerInvariant(),
            Data = parse.GetValue(_data),
            Lm = parse.GetValue(_lm)!,
            LmLayers = ParseLayers(parse.GetValue(_lmLayers)),
            Preset = preset,
            Variants = CompareVariants.Parse(parse.GetValue(_variants)!, "--variants"),
            Seeds = parse.GetValue(_seeds) ?? CompareDefaults.Seeds(preset),
            Epochs = parse.GetValue(_epochs),
            BatchSize = parse.GetValue(_batchSize),
            Lr = parse.GetValue(_lr),
            TrainLimit = parse.GetValue(_trainLimit),
            EvalLimit = parse.GetValue(_evalLimit),
            TaskFlags = _taskFlags.Texts(parse),
        });
        var corruptions = parse.GetValue(_corruptions);
        if (corruptions is null && parse.GetValue(_severities) is not null)
            throw new UserInputException("--severities", "needs --corruptions");
        if (corruptions is not null)
        {
            FrozenLm.Data.Corruptions.ImageCorruptions.Parse(corruptions);
            FrozenLm.Data.Corruptions.ImageCorruptions.ParseSeverities(parse.GetValue(_severities) ?? "1-5");
            if (TaskRegistry.Get(settings.Task).Evaluator?.Flags.Any(f => f.Name == "--corruptions") != true)
                throw new UserInputException("--corruptions", $"the '{settings.Task}' task has no robustness evaluation");
        }
        return settings with
        {
            TensorBoard = TensorBoardOption.Resolve(parse, _tensorBoard, outDir, null),
            Corruptions = corruptions,
            Severities = parse.GetValue(_severities),
        };
    }

    internal static bool Explicit(ParseResult parse, Option option) => parse.GetResult(option) is { Implicit: false };

    /// <summary>The one-run child of this tool, with the <c>--device</c> of this invocation when one was given.</summary>
    private static ChildRunCommand ChildCommand(ParseResult parse) =>
        ChildRunCommand.ForCliAssembly(typeof(CliApp).Assembly.Location) with
        {
            Device = Explicit(parse, GlobalOptions.Device) ? parse.GetValue(GlobalOptions.Device) : null,
        };

    /// <summary>MemAvailable from /proc/meminfo (Linux), else what the runtime reports as available.</summary>
    private static long AvailableMemory()
    {
        const string meminfo = "/proc/meminfo";
        if (File.Exists(meminfo))
            foreach (var line in File.ReadLines(meminfo))
                if (line.StartsWith("MemAvailable:", StringComparison.Ordinal) &&
                    long.TryParse(line["MemAvailable:".Length..].Replace("kB", "").Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var kb))
                    return kb * 1024;
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }

    private static void WriteReports(CliContext context, CompareSettings settings, string outDir, IReadOnlyList<RunRecord> records,
        int threads, double wallSeconds, string? partial, torch.Device device, PhaseTime startup, CancellationToken ct)
    {
        var before = CompareTiming.ProcessSoFar();
        var setup = CompareSetup.Describe(settings, records, TrainerCompareBackend.Describe(settings, outDir), threads,
            wallSeconds, CliApp.Version);
        var result = ComparisonAggregator.Aggregate(setup, records);
        var html = ComparisonReports.Write(result, outDir);
        Print(context.Out, result);
        if (settings.Corruptions is not null && partial is null)
        {
            var section = CompareRobustness.Run(settings, outDir, Path.Combine(outDir, ComparisonReports.MarkdownFile), device,
                line => context.Out.WriteLine(line), ct);
            foreach (var line in section)
                context.Out.WriteLine(line);
        }
        if (settings.TensorBoard is not null)
            context.Out.WriteLine($"tensorboard: tensorboard --logdir {settings.TensorBoard}");
        var end = CompareTiming.ProcessSoFar();
        var timing = CompareTiming.Collect(outDir, CompareRunner.Plan(settings), startup,
            new PhaseTime(end.WallSeconds - before.WallSeconds, end.CpuSeconds - before.CpuSeconds), end);
        timing.Save(outDir);
        context.Out.WriteLine();
        context.Out.WriteLine($"time split ({Path.Combine(outDir, CompareTiming.File)}):");
        foreach (var line in timing.Lines())
            context.Out.WriteLine("  " + line);
        if (partial is not null)
            context.Out.WriteLine($"partial: {partial}; the reports cover those only");
        context.Out.WriteLine($"report: {html}");
        context.Out.WriteLine($"        {Path.Combine(outDir, ComparisonReports.ResultsFile)}, {Path.Combine(outDir, ComparisonReports.MarkdownFile)}");
        context.Out.WriteLine($"time:   {ReportFormat.Duration(wallSeconds)} wall");
    }

    private static IReadOnlyList<int>? ParseLayers(string? value)
    {
        if (value is null)
            return null;
        var parts = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
            throw new UserInputException("--lm-layers", "give at least one layer index, e.g. 5 or 4,5");
        return parts.Select(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) && i >= 0
            ? i
            : throw new UserInputException("--lm-layers", $"'{p}' is not a layer index (a non-negative integer)")).ToList();
    }

    private static void Print(TextWriter output, ComparisonResult result)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = ColorSystemSupport.Detect,
        });
        if (!ReferenceEquals(output, Console.Out) || Console.IsOutputRedirected)
            console.Profile.Width = 150;
        var m = result.Metric;
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]{Markup.Escape(result.MetricDescription)}; {Markup.Escape(m.Direction)}[/]");
        table.AddColumn(new TableColumn(new Spectre.Console.Text("variant")));
        foreach (var header in new[] { "trainable params", "frozen params", $"{m.Label} (mean ± std)", ReportFormat.DeltaHeader(m), "throughput" })
            table.AddColumn(new TableColumn(new Spectre.Console.Text(header)).RightAligned());
        foreach (var v in result.Variants)
        {
            var delta = Markup.Escape(ReportFormat.Delta(m, v));
            var reading = v.DeltaVsNone is { } d ? m.Read(d) : DeltaReading.Undecided;
            if (reading == DeltaReading.Better)
                delta = $"[green]{delta}[/]";
            else if (reading == DeltaReading.Worse)
                delta = $"[red]{delta}[/]";
            table.AddRow(new IRenderable[]
            {
                new Markup(Markup.Escape($"{v.Name} ({v.Seeds.Count} seed{(v.Seeds.Count == 1 ? "" : "s")})")),
                new Spectre.Console.Text(ReportFormat.Count(v.ParamsTrainable)),
                new Spectre.Console.Text(ReportFormat.Count(v.ParamsFrozen)),
                new Spectre.Console.Text(ReportFormat.Value(m, v)),
                new Markup(delta),
                new Spectre.Console.Text(ReportFormat.Throughput(v.SamplesPerSecond, result.Setup.ThroughputUnit)),
            });
        }
        console.Write(table);
        console.WriteLine();
        console.Write(new Markup("[bold]verdict[/] (a difference is called only when its 95% CI excludes 0)\n"));
        var lines = result.Comparisons.Count == 0 ? [result.Verdict] : result.Comparisons.Select(c => c.Sentence).ToList();
        if (VerdictWriter.Conclusion(result.Comparisons) is { } conclusion)
            lines.Add(conclusion);
        foreach (var line in lines)
            console.Write(new Markup("  - " + Markup.Escape(line) + "\n"));
    }
}

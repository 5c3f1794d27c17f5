using FrozenLm.Tasks;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using FrozenLm.Comparison;
using FrozenLm.Reports;
using FrozenLm.Training;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace FrozenLm.Cli.Commands;

/// <summary>
/// <c>frozenlm compare</c>: trains every variant x seed with the same data order per seed (resuming where a previous
/// invocation stopped), then prints the table and writes results.json, report.md and report.html.
/// </summary>
public sealed class CompareCommand : ICliCommand
{
    /// <summary>The default output directory: stable, so running the same command again resumes instead of restarting.</summary>
    public const string DefaultOut = "runs/compare";

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

    public Command Build()
    {
        var command = new Command("compare",
            "Train the plain encoder, the frozen LM block and its controls over several seeds; report mean ± std, " +
            "paired 95% confidence intervals and an honest verdict (results.json, report.md, report.html)");
        foreach (var option in new Option[] { _task, _data, _lm, _lmLayers, _variants, _seeds, _preset, _out, _epochs, _batchSize, _lr,
                     _trainLimit, _evalLimit, _force })
            command.Options.Add(option);
        return command;
    }

    public int Execute(CliContext context)
    {
        var parse = context.Parse;
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
        });
        settings.Validate();
        var outDir = Path.GetFullPath(parse.GetValue(_out)!);
        var device = context.InitTorch();
        var backend = new TrainerCompareBackend(device);
        backend.Validate(settings);
        var threads = TorchSharp.torch.get_num_threads();

        context.Out.WriteLine($"compare: {settings.Variants.Count} variants x {settings.Seeds} seeds, task {settings.Task}, " +
                              $"lm {settings.Lm}, preset {settings.Preset}, {threads} threads -> {outDir}");
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        try
        {
            var clock = Stopwatch.StartNew();
            var records = new CompareRunner(backend, new CompareConsole(context.Out, TaskRegistry.Get(settings.Task))).Run(settings, outDir, parse.GetValue(_force), cancel.Token);
            var setup = CompareSetup.Describe(settings, records, TrainerCompareBackend.Describe(settings, outDir), threads,
                clock.Elapsed.TotalSeconds, CliApp.Version);
            var result = ComparisonAggregator.Aggregate(setup, records);
            var html = ComparisonReports.Write(result, outDir);
            Print(context.Out, result);
            context.Out.WriteLine();
            context.Out.WriteLine($"report: {html}");
            context.Out.WriteLine($"        {Path.Combine(outDir, ComparisonReports.ResultsFile)}, {Path.Combine(outDir, ComparisonReports.MarkdownFile)}");
            context.Out.WriteLine($"time:   {ReportFormat.Duration(clock.Elapsed.TotalSeconds)} wall");
            return CliApp.ExitOk;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
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

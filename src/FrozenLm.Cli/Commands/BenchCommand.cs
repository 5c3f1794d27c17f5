using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FrozenLm.Benchmarks;
using FrozenLm.IO;
using FrozenLm.Tasks;

namespace FrozenLm.Cli.Commands;

/// <summary>
/// <c>frozenlm bench</c>: with the task and model flags of <c>train</c>, measures this machine's matmul rate, then the
/// model's training and evaluation throughput, its loader alone, the achieved GFLOP/s and the peak RSS.
/// </summary>
public sealed class BenchCommand : ICliCommand
{
    private readonly TrainOptionsBinder _flags = new();
    private readonly Option<int> _windows = new("--windows") { Description = "Timed windows; the median is reported", DefaultValueFactory = _ => 3 };
    private readonly Option<int> _steps = new("--steps") { Description = "Steps per timed window", DefaultValueFactory = _ => 5 };
    private readonly Option<int> _warmup = new("--warmup") { Description = "Untimed steps first", DefaultValueFactory = _ => 2 };
    private readonly Option<int> _matmulSize = new("--matmul-size") { Description = "Size n of the n x n matmul that measures the machine", DefaultValueFactory = _ => MatmulRate.DefaultSize };
    private readonly Option<string?> _json = new("--json") { Description = "Write the figures as JSON to FILE ('-' = standard output)" };

    public Command Build()
    {
        var command = new Command("bench", "Measure training / evaluation throughput of a task's model against this machine's matmul rate");
        _flags.AddTo(command);
        command.Options.Add(_windows);
        command.Options.Add(_steps);
        command.Options.Add(_warmup);
        command.Options.Add(_matmulSize);
        command.Options.Add(_json);
        return command;
    }

    public int Execute(CliContext context)
    {
        var parse = context.Parse;
        var bench = new TaskThroughput
        {
            Windows = Positive(parse.GetValue(_windows), "--windows"),
            StepsPerWindow = Positive(parse.GetValue(_steps), "--steps"),
            WarmupSteps = Math.Max(0, parse.GetValue(_warmup)),
        };
        var size = Positive(parse.GetValue(_matmulSize), "--matmul-size");
        var json = parse.GetValue(_json);
        var options = _flags.Resolve(parse);
        var device = context.InitTorch();
        var log = json == "-" ? TextWriter.Null : context.Out;

        var matmul = MatmulRate.Measure(device, size);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"matmul {size}^2 fp32: {matmul:F1} GFLOP/s (median of 5)"));
        using var task = TaskRegistry.Get(options.Task).Create(options, device, null);
        var report = bench.Measure(task, matmul, log.WriteLine);
        log.WriteLine(Summary(report));
        if (json is not null)
        {
            var text = JsonSerializer.Serialize(report, RunJson.Options);
            if (json == "-")
                context.Out.WriteLine(text);
            else
                AtomicFile.WriteAllText(json, text + "\n");
        }
        return CliApp.ExitOk;
    }

    private static string Summary(ThroughputReport r) =>
        FormattableString.Invariant($"{r.Task} {r.Preset} ({r.LmMode}), batch {r.BatchSize}, {r.Threads} threads: train {r.SamplesPerS:F1} {r.SampleUnit}/s, ") +
        FormattableString.Invariant($"eval {r.EvalSamplesPerS:F1}, loader {r.LoaderSamplesPerS:F1}") +
        (r.AchievedGflops is { } a
            ? FormattableString.Invariant($"; {r.TrainGflopsPerSample:0.###} GFLOPs per training sample -> {a:F1} GFLOP/s = {100 * r.RatioToMatmul:F0}% of the matmul rate")
            : "; this model does not count its FLOPs") +
        FormattableString.Invariant($"; peak RSS {r.PeakRssMib:F0} MiB");

    private static int Positive(int value, string flag) =>
        value >= 1 ? value : throw new UserInputException(flag, $"must be at least 1, got {value}");
}

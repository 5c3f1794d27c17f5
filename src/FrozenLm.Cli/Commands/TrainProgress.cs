using System.Globalization;
using FrozenLm.Tasks;
using FrozenLm.Training;
using Spectre.Console;

namespace FrozenLm.Cli.Commands;

/// <summary>Renders training progress: a Spectre.Console live bar on a terminal, plain log lines otherwise.</summary>
internal sealed class TrainProgress : ITrainingObserver
{
    private readonly TextWriter _out;
    private readonly ProgressContext? _context;
    private ProgressTask? _bar;
    private RunStart? _start;
    private int _lastLoggedDecile = -1;

    public TrainProgress(TextWriter output, ProgressContext? context)
    {
        _out = output;
        _context = context;
    }

    public void RunStarted(RunStart start)
    {
        _start = start;
        var first = start.FirstEpoch > 0 ? $", resuming after epoch {start.FirstEpoch}" : "";
        Message($"training {start.Task}: {start.Epochs} epochs x {start.TrainBatchesPerEpoch} steps, " +
                $"{start.ParamsTrainable:N0} trainable / {start.ParamsFrozen:N0} frozen parameters" +
                (start.Flops is { } f ? string.Create(CultureInfo.InvariantCulture, $", {f.Forward / 1e9:0.###} GFLOPs/sample forward, {f.Train / 1e9:0.###} per training sample") : "") +
                $"{first} -> {start.OutDir}");
        if (_context is not null)
        {
            _bar = _context.AddTask("training", maxValue: (double)start.Epochs * start.TrainBatchesPerEpoch);
            _bar.Value = (double)start.FirstEpoch * start.TrainBatchesPerEpoch;
        }
    }

    public void StepFinished(StepProgress p)
    {
        var unit = _start?.SampleUnit ?? "samples";
        if (_bar is not null)
        {
            _bar.Description = Markup.Escape($"epoch {p.Epoch}/{p.Epochs} step {p.Batch}/{p.BatchesPerEpoch} loss {p.Loss:F3} {p.SamplesPerSecond:F0} {unit}/s");
            _bar.Value = (double)(p.Epoch - 1) * p.BatchesPerEpoch + p.Batch;
            return;
        }
        var text = $"epoch {p.Epoch}/{p.Epochs} step {p.Batch}/{p.BatchesPerEpoch} loss {p.Loss:F4} lr {p.Lr:E2} " +
                   $"{p.SamplesPerSecond:F0} {unit}/s";
        var decile = (int)(10.0 * p.Batch / p.BatchesPerEpoch);
        if (decile != _lastLoggedDecile && (decile % 2 == 0 || p.Batch == p.BatchesPerEpoch))
        {
            _lastLoggedDecile = decile;
            var remaining = p.EpochElapsed * ((double)(p.BatchesPerEpoch - p.Batch) / Math.Max(1, p.Batch));
            _out.WriteLine($"  {text}, epoch ETA {remaining.TotalSeconds:F0} s");
        }
    }

    public void EpochFinished(EpochMetrics m)
    {
        _lastLoggedDecile = -1;
        var unit = _start?.SampleUnit ?? "samples";
        var declared = _start is null ? [] : TaskRegistry.Get(_start.Task).Metrics;
        var metrics = string.Join(" ", m.Metrics.Select(kv => declared.FirstOrDefault(d => d.Key == kv.Key) is { } info
            ? $"{info.Label} {info.Format(kv.Value)}"
            : $"{kv.Key} {kv.Value:G4}"));
        Message($"epoch {m.Epoch}: train loss {m.Loss:F4}, eval loss {m.EvalLoss:F4}, {metrics}, " +
                $"{m.SamplesPerSecond:F0} {unit}/s, {m.Seconds:F1} s");
    }

    public void Message(string text)
    {
        if (_context is not null)
            AnsiConsole.MarkupLine(Markup.Escape(text));
        else
            _out.WriteLine(text);
    }
}

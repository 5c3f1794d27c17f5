using FrozenLm.Tasks;
using System.Diagnostics;
using System.Globalization;
using FrozenLm.Flops;
using FrozenLm.Training;
using TorchSharp;

namespace FrozenLm.Benchmarks;

/// <summary>
/// Measures a task's training and evaluation throughput on batches of its own data loader, held in memory and cycled
/// so that loading is not timed (the loader is timed on its own): warm-up steps excluded, then the median of timed
/// windows of a fixed number of steps. Training steps are the trainer's own (<see cref="TrainingStep"/>).
/// </summary>
public sealed class TaskThroughput
{
    public int Windows { get; init; } = 3;
    public int StepsPerWindow { get; init; } = 5;
    public int WarmupSteps { get; init; } = 2;

    /// <summary>Benchmarks <paramref name="task"/> and reports against <paramref name="matmulGflops"/>.</summary>
    public ThroughputReport Measure(ITrainingTask task, double matmulGflops, Action<string>? progress = null)
    {
        var o = task.Options;
        var needed = WarmupSteps + StepsPerWindow;
        var loader = TimeLoader(task.TrainBatches(0), needed, out var batches);
        progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"loader: {loader:F1} {task.SampleUnit}/s over {batches.Count} batches"));
        try
        {
            var (train, trainPerCpu) = TimeTraining(task, batches);
            progress?.Invoke(string.Create(CultureInfo.InvariantCulture,
                $"train: {train:F1} {task.SampleUnit}/s, {trainPerCpu:F1} per CPU second (medians of {Windows} windows of {StepsPerWindow} steps)"));
            var eval = TimeEvaluation(task);
            progress?.Invoke(string.Create(CultureInfo.InvariantCulture, $"eval: {eval:F1} {task.SampleUnit}/s"));
            var flops = task.FlopsPerSample();
            var achieved = flops is { } f ? train * f.Train / 1e9 : (double?)null;
            return new ThroughputReport
            {
                Task = task.Name,
                Preset = o.Preset,
                LmMode = o.Lm.Mode.ToString().ToLowerInvariant(),
                BatchSize = o.BatchSize,
                Threads = torch.get_num_threads(),
                SampleUnit = task.SampleUnit,
                SamplesPerS = Math.Round(train, 3),
                EvalSamplesPerS = Math.Round(eval, 3),
                SamplesPerCpuS = Math.Round(trainPerCpu, 3),
                LoaderSamplesPerS = Math.Round(loader, 3),
                GflopsPerSample = flops is { } g ? Math.Round(g.Forward / 1e9, 6) : null,
                TrainGflopsPerSample = flops is { } t ? Math.Round(t.Train / 1e9, 6) : null,
                AchievedGflops = achieved is { } a ? Math.Round(a, 3) : null,
                MatmulGflops = Math.Round(matmulGflops, 3),
                RatioToMatmul = achieved is { } r ? Math.Round(r / matmulGflops, 4) : null,
                PeakRssMib = Math.Round(PeakRss.Mebibytes(), 1),
                Windows = Windows,
                StepsPerWindow = StepsPerWindow,
            };
        }
        finally
        {
            foreach (var b in batches)
                b.Dispose();
        }
    }

    private static double TimeLoader(IEnumerable<ITaskBatch> source, int count, out List<ITaskBatch> batches)
    {
        batches = [];
        var clock = Stopwatch.StartNew();
        long samples = 0;
        foreach (var batch in source)
        {
            batches.Add(batch);
            samples += batch.Size;
            if (batches.Count == count)
                break;
        }
        if (batches.Count == 0)
            throw new UserInputException("--train-limit", "the training split gives no batch to benchmark");
        return samples / clock.Elapsed.TotalSeconds;
    }

    private (double PerSecond, double PerCpuSecond) TimeTraining(ITrainingTask task, IReadOnlyList<ITaskBatch> batches)
    {
        var groups = ParameterGroups.Of(task.Model, task.Options.ParamGroups);
        using var optimizer = new AdamW(groups.ForOptimizer(task.Options.WeightDecay));
        var step = new TrainingStep(task, optimizer, groups);
        task.Model.train();
        var next = 0;
        using var process = Process.GetCurrentProcess();
        (double, double) Run(int steps)
        {
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            long samples = 0;
            for (var i = 0; i < steps; i++)
            {
                var batch = batches[next++ % batches.Count];
                using var scope = torch.NewDisposeScope();
                step.Take(batch, task.Options.Lr);
                samples += batch.Size;
            }
            var wall = clock.Elapsed.TotalSeconds;
            process.Refresh();
            return (samples / wall, samples / (process.TotalProcessorTime - cpu).TotalSeconds);
        }
        Run(WarmupSteps);
        var windows = Enumerable.Range(0, Windows).Select(_ => Run(StepsPerWindow)).ToList();
        return (MatmulRate.Median(windows.Select(w => w.Item1).ToList()), MatmulRate.Median(windows.Select(w => w.Item2).ToList()));
    }

    private double TimeEvaluation(ITrainingTask task)
    {
        task.Model.eval();
        var batches = new List<ITaskBatch>();
        try
        {
            foreach (var batch in task.EvalBatches())
            {
                batches.Add(batch);
                if (batches.Count == WarmupSteps + StepsPerWindow)
                    break;
            }
            using var noGrad = torch.no_grad();
            var next = 0;
            double Run(int steps)
            {
                var totals = new MetricTotals();
                var clock = Stopwatch.StartNew();
                long samples = 0;
                for (var i = 0; i < steps; i++)
                {
                    var batch = batches[next++ % batches.Count];
                    using var scope = torch.NewDisposeScope();
                    task.Evaluate(batch, totals);
                    samples += batch.Size;
                }
                return samples / clock.Elapsed.TotalSeconds;
            }
            if (batches.Count == 0)
                return double.NaN;
            Run(WarmupSteps);
            return MatmulRate.Median(Enumerable.Range(0, Windows).Select(_ => Run(StepsPerWindow)).ToList());
        }
        finally
        {
            foreach (var b in batches)
                b.Dispose();
        }
    }
}

using FrozenLm.Tasks;
using FrozenLm.Training.TensorBoard;
using System.Text.Json;
using System.Text.Json.Nodes;
using FrozenLm.IO;
using FrozenLm.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Training;

/// <summary>
/// Trains a run into a directory: config.json, metrics.jsonl, last/best.safetensors (trainable weights only),
/// train_state.safetensors, curves.png and, at the end, summary.json. The programmatic entry of <c>frozenlm train</c>.
/// </summary>
public static class TrainingRunner
{
    /// <summary>
    /// Trains a fresh run of <paramref name="options"/> (see <see cref="TrainOptions.Resolve"/>) into
    /// <paramref name="outDir"/>, which must not already hold a run. Cancelling stops between steps; the last finished
    /// epoch stays resumable.
    /// </summary>
    public static RunSummary Run(TrainOptions options, string outDir, ITrainingObserver? observer = null,
        Device? device = null, CancellationToken ct = default)
    {
        var definition = TaskRegistry.Get(options.Task);
        definition.Validate(options);
        if (File.Exists(Path.Combine(outDir, RunFiles.Config)))
            throw new UserInputException(outDir, "already holds a run (use --resume DIR to continue it, or another --out)");
        Directory.CreateDirectory(outDir);
        TorchRuntime.EnsureLoaded();
        var clock = new PhaseClock();
        using var installed = clock.Install();
        using var run = clock.Measure(RunTiming.Other);
        ITrainingTask task;
        using (clock.Measure(RunTiming.Build))
            task = definition.Create(options, device ?? torch.CPU, null);
        using (task)
        {
            using (clock.Measure(RunTiming.Reports))
                Describe(task).Save(outDir);
            return Fit(task, definition, outDir, resume: false, observer, clock, run, ct);
        }
    }

    /// <summary>
    /// Continues the run in <paramref name="runDir"/> from its last checkpoint with its recorded options; a run stopped
    /// before its first checkpoint starts again from its beginning.
    /// </summary>
    public static RunSummary Resume(string runDir, ITrainingObserver? observer = null, Device? device = null,
        CancellationToken ct = default)
    {
        var config = RunConfig.Load(runDir);
        TorchRuntime.EnsureLoaded();
        var definition = TaskRegistry.Get(config.Options.Task);
        var clock = new PhaseClock();
        using var installed = clock.Install();
        using var run = clock.Measure(RunTiming.Other);
        ITrainingTask task;
        using (clock.Measure(RunTiming.Build))
            task = definition.Create(config.Options, device ?? torch.CPU, config.Lm?.Checksum);
        using (task)
        {
            var hasCheckpoint = File.Exists(Path.Combine(runDir, RunFiles.TrainState));
            return Fit(task, definition, runDir, resume: hasCheckpoint, observer, clock, run, ct);
        }
    }

    /// <summary>Reads summary.json of a finished run.</summary>
    public static RunSummary ReadSummary(string runDir)
    {
        var path = Path.Combine(runDir, RunFiles.Summary);
        if (!File.Exists(path))
            throw new UserInputException(runDir, $"no {RunFiles.Summary} (the run has not finished)");
        try
        {
            return JsonSerializer.Deserialize<RunSummary>(File.ReadAllText(path), RunJson.Options)
                ?? throw new UserInputException(path, "empty summary");
        }
        catch (JsonException e)
        {
            throw new UserInputException(path, "unreadable summary: " + e.Message, e);
        }
    }

    private static RunSummary Fit(ITrainingTask task, ITaskDefinition definition, string dir, bool resume,
        ITrainingObserver? observer, PhaseClock clock, IDisposable run, CancellationToken ct)
    {
        observer ??= new NullObserver();
        using var tensorBoard = task.Options.TensorBoard is { } events ? new TensorBoardObserver(events, observer) : null;
        var trainer = new Trainer(task, definition, dir, tensorBoard ?? observer);
        var title = $"{task.Name}, lm {task.Options.Lm.Mode.ToString().ToLowerInvariant()}, seed {task.Options.Seed}";
        var summary = trainer.Fit(resume, log => CurvePlot.Save(Path.Combine(dir, RunFiles.Curves), log.Epochs, definition.Metrics, title), ct);
        tensorBoard?.WriteMapperHistograms(task.Model);
        run.Dispose();
        summary = summary with { Timing = new RunTiming { Phases = new Dictionary<string, PhaseTime>(clock.Totals) } };
        AtomicFile.WriteAllText(Path.Combine(dir, RunFiles.Summary), JsonSerializer.Serialize(summary, RunJson.Options));
        return summary;
    }

    private static RunConfig Describe(ITrainingTask task)
    {
        var groups = ParameterGroups.Of(task.Model, task.Options.ParamGroups);
        return new RunConfig
        {
            Options = task.Options,
            Lm = task.StageInfo,
            Data = task.DescribeData(),
            Model = task.DescribeModel(),
            Params = new JsonObject
            {
                ["total"] = groups.TrainableCount + groups.FrozenCount,
                ["trainable"] = groups.TrainableCount,
                ["frozen"] = groups.FrozenCount,
                ["decay_tensors"] = groups.Decay.Count,
                ["no_decay_tensors"] = groups.NoDecay.Count,
                ["groups"] = new JsonObject(groups.Groups.Select(g => KeyValuePair.Create<string, JsonNode?>(g.Name, new JsonObject
                {
                    ["tensors"] = g.Parameters.Count,
                    ["params"] = g.Parameters.Sum(p => p.Parameter.numel()),
                    ["weight_decay"] = g.Decay,
                    ["lr_scale"] = g.LrScale,
                }))),
            },
            Versions = new JsonObject
            {
                ["frozenlm"] = typeof(TrainingRunner).Assembly.GetName().Version?.ToString(),
                ["libtorch"] = TorchRuntime.LibTorchVersion,
                ["threads"] = torch.get_num_threads(),
            },
        };
    }

    private sealed class NullObserver : ITrainingObserver;
}

using System.Text.Json;
using FrozenLm.IO;
using FrozenLm.Tasks;
using static TorchSharp.torch;

namespace FrozenLm.Training;

/// <summary>
/// A finished (or interrupted) run reopened for evaluation, prediction or explanation: its task rebuilt from
/// config.json (the frozen block re-read from its source, checksum verified) with the trainable weights of best or
/// last.safetensors. The task's hooks (<see cref="ITaskDefinition.Evaluator"/>, ...) run on <see cref="Task"/>.
/// </summary>
public sealed class TrainedRun : IDisposable
{
    /// <summary>The file <see cref="Evaluate"/> writes into the run directory.</summary>
    public const string EvalFile = "eval.json";

    private TrainedRun(string dir, RunConfig config, ITaskDefinition definition, ITrainingTask task, string weightsPath, int epoch)
    {
        Dir = dir;
        Config = config;
        Definition = definition;
        Task = task;
        WeightsPath = weightsPath;
        Epoch = epoch;
    }

    public string Dir { get; }
    public RunConfig Config { get; }
    public ITaskDefinition Definition { get; }
    public ITrainingTask Task { get; }
    public string WeightsPath { get; }

    /// <summary>The epoch the loaded weights come from.</summary>
    public int Epoch { get; }

    /// <summary>The registered definition of the run's task, read from config.json without building the model.</summary>
    public static ITaskDefinition DefinitionOf(string runDir) => TaskRegistry.Get(RunConfig.Load(runDir).Options.Task);

    /// <summary>
    /// The run's hook for <paramref name="command"/> (e.g. <c>d => d.Evaluator</c>), checked before the model is built;
    /// a task without it is a one-line <see cref="UserInputException"/> on the run directory.
    /// </summary>
    public static T Hook<T>(string runDir, Func<ITaskDefinition, T?> hook, string command) where T : class =>
        TaskHooks.Require(DefinitionOf(runDir), hook, runDir, command);

    /// <summary>
    /// The run's exporter, checked before the model is built: a task without one is one line on the run directory
    /// naming the tasks that export.
    /// </summary>
    public static ITaskExporter ExporterOf(string runDir)
    {
        var definition = DefinitionOf(runDir);
        var exporting = TaskRegistry.Definitions.Where(d => d.Exporter is not null).Select(d => d.Name);
        return definition.Exporter ?? throw new UserInputException(runDir,
            $"'{definition.Name}' runs do not export yet; only {string.Join(", ", exporting)} runs export for now");
    }

    /// <param name="runDir">The run directory.</param>
    /// <param name="device">Where to run.</param>
    /// <param name="data">Evaluate on another data source with the same classes (null = the run's).</param>
    /// <param name="useLast">Load last.safetensors instead of best.safetensors.</param>
    public static TrainedRun Open(string runDir, Device device, string? data = null, bool useLast = false)
    {
        var config = RunConfig.Load(runDir);
        var weights = Path.Combine(runDir, useLast ? RunFiles.LastWeights : RunFiles.BestWeights);
        if (!File.Exists(weights))
            throw new UserInputException(runDir, $"no {Path.GetFileName(weights)} (the run has no finished epoch)");
        var definition = TaskRegistry.Get(config.Options.Task);
        var options = data is null ? config.Options : definition.WithEvalData(config.Options, data);
        var task = definition.Create(options, device, config.Lm?.Checksum);
        try
        {
            var epoch = TrainingCheckpoint.LoadTrainable(task.Model, weights);
            task.Model.eval();
            return new TrainedRun(runDir, config, definition, task, weights, epoch);
        }
        catch
        {
            task.Dispose();
            throw;
        }
    }

    /// <summary>Runs the task's evaluator on the loaded weights and writes its report to <see cref="EvalFile"/> (figures beside it).</summary>
    public TaskEvaluation Evaluate(TaskCommandValues? values = null, CancellationToken ct = default)
    {
        var evaluator = TaskHooks.Require(Definition, d => d.Evaluator, Dir, "eval");
        values ??= TaskCommandValues.None;
        values.CheckDeclared(evaluator.Flags, Definition.Name, "eval");
        var evaluation = evaluator.Evaluate(Task, Epoch, Dir, values, ct);
        AtomicFile.WriteAllText(Path.Combine(Dir, EvalFile), JsonSerializer.Serialize(evaluation.Report, RunJson.Options) + "\n");
        return evaluation;
    }

    /// <summary>The task's predictions for <paramref name="inputs"/>, in order.</summary>
    public IReadOnlyList<TaskPrediction> Predict(IReadOnlyList<string> inputs, PredictOptions options)
    {
        var predictor = TaskHooks.Require(Definition, d => d.Predictor, Dir, "predict");
        options.Validate();
        options.Values.CheckDeclared(predictor.Flags, Definition.Name, "predict");
        predictor.CheckOptions(options);
        return predictor.PredictAll(Task, inputs, options with { RunDir = Dir });
    }

    /// <summary>Writes the loaded model to <paramref name="path"/>: ONNX for <c>.onnx</c>, safetensors + config.json for <c>.safetensors</c>.</summary>
    public void Export(string path)
    {
        var exporter = ExporterOf(Dir);
        var provenance = new ExportProvenance(Dir, WeightsPath, Epoch);
        switch (ExportFormatOf(path))
        {
            case ".onnx":
                exporter.ExportOnnx(Task, path, provenance);
                break;
            default:
                exporter.ExportSafetensors(Task, path, provenance);
                break;
        }
    }

    /// <summary>".onnx" or ".safetensors" from <paramref name="path"/>'s extension; another is one line naming <c>--out</c>.</summary>
    public static string ExportFormatOf(string path)
    {
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".onnx" or ".safetensors" && Path.GetFileNameWithoutExtension(path).Length > 0)
            return extension;
        throw new UserInputException("--out", $"'{path}' must be a file ending in .onnx (ONNX model) or .safetensors (weights + config.json)");
    }

    public void Dispose() => Task.Dispose();
}

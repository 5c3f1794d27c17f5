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

    /// <param name="runDir">The run directory.</param>
    /// <param name="device">Where to run.</param>
    /// <param name="data">Evaluate on another data source with the same classes (null = the run's).</param>
    /// <param name="useLast">Load last.safetensors instead of best.safetensors.</param>
    public static TrainedRun Open(string runDir, Device device, string? data = null, bool useLast = false)
    {
        var config = RunConfig.Load(runDir);
        var options = data is null ? config.Options : config.Options with { Data = data, DataFormat = null };
        var weights = Path.Combine(runDir, useLast ? RunFiles.LastWeights : RunFiles.BestWeights);
        if (!File.Exists(weights))
            throw new UserInputException(runDir, $"no {Path.GetFileName(weights)} (the run has no finished epoch)");
        var definition = TaskRegistry.Get(options.Task);
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
        return predictor.PredictAll(Task, inputs, options);
    }

    public void Dispose() => Task.Dispose();
}

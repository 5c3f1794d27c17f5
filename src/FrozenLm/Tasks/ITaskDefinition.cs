using static TorchSharp.torch;

namespace FrozenLm.Tasks;

/// <summary>
/// A trainable task as the registry knows it: its options record and flags, its presets, its validation of options,
/// its metrics, and its factory.
/// </summary>
public interface ITaskDefinition
{
    string Name { get; }

    /// <summary>The metric "best" checkpoints, compare deltas and verdicts follow (its key is in <see cref="Metrics"/>).</summary>
    MetricInfo PrimaryMetric { get; }

    /// <summary>Every metric the task's evaluation reports, the primary one first.</summary>
    IReadOnlyList<MetricInfo> Metrics => [PrimaryMetric];

    /// <summary>What one sample is called (<c>images</c>, <c>clouds</c>): throughput is samples/s in that unit.</summary>
    string SampleUnit => "samples";

    /// <summary>What reports call the task's headline accuracy ("top-1" for images, "OA" for point clouds).</summary>
    string AccuracyName => "top-1";

    /// <summary>The same in words, for report notes ("test top-1 accuracy").</summary>
    string AccuracyDescription => "test top-1 accuracy";

    /// <summary>Throughput unit in reports ("img/s", "clouds/s").</summary>
    string ThroughputUnit => "img/s";

    /// <summary>The record type of the task's own settings (<see cref="TrainOptions.TaskOptions"/>).</summary>
    Type OptionsType { get; }

    /// <summary>The task's own command-line flags, applied in this order to the preset before the shared <see cref="TrainFlags"/>
    /// (so an explicit shared flag wins over a recipe a task flag chooses).</summary>
    IReadOnlyList<OptionFlag> Flags { get; }

    /// <summary>quick (minutes on a laptop CPU), standard, paper (the paper's recipe and sizes).</summary>
    IReadOnlyList<string> PresetNames => ["quick", "standard", "paper"];

    /// <summary>The full options of preset <paramref name="preset"/>; throws <see cref="UserInputException"/> when unknown.</summary>
    TrainOptions Preset(string preset);

    /// <summary>Throws <see cref="UserInputException"/> naming the flag of the first invalid setting.</summary>
    void Validate(TrainOptions options);

    /// <summary>
    /// Opens the data and builds the model (seeded by <c>options.Seed</c>) on <paramref name="device"/>. When
    /// <paramref name="expectedLmChecksum"/> is set (reopening a run), the loaded LM checkpoint must match it.
    /// </summary>
    ITrainingTask Create(TrainOptions options, Device device, string? expectedLmChecksum);

    /// <summary>The options a reopened run uses to evaluate on another data source (<c>eval --data</c>); by default the
    /// source replaces the run's.</summary>
    TrainOptions WithEvalData(TrainOptions options, string data) => options with { Data = data, DataFormat = null };

    /// <summary>Full evaluation of a trained run (<c>eval</c>); null when the task has none.</summary>
    ITaskEvaluator? Evaluator => null;

    /// <summary>Predictions for input files (<c>predict</c>); null when the task has none.</summary>
    ITaskPredictor? Predictor => null;

    /// <summary>Filtering maps and gradient coherence (<c>explain</c>); null when the task has none.</summary>
    ITaskExplainer? Explainer => null;

    /// <summary>Writes the trained model as ONNX or safetensors (<c>export</c>); null when the task does not export.</summary>
    ITaskExporter? Exporter => null;

    /// <summary>Epochs and data limits of a comparison of <paramref name="preset"/> when the user sets none; null = the preset's.</summary>
    CompareBudget? CompareBudget(string preset) => null;
}

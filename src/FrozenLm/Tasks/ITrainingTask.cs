using System.Text.Json.Nodes;
using FrozenLm.Flops;
using FrozenLm.FrozenStage;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tasks;

/// <summary>
/// What the trainer needs from a task: the model, batches, a training loss and evaluation metrics. The trainer knows
/// nothing else about images, point clouds or labels. Which metrics exist, which one "best" checkpoints track and in
/// which direction is the task definition's declaration (<see cref="ITaskDefinition.Metrics"/>).
/// </summary>
public interface ITrainingTask : IDisposable
{
    /// <summary>Registry name of the task ("image").</summary>
    string Name { get; }

    /// <summary>What one sample is called in throughput keys (<c>images</c> -> <c>images_per_s</c>).</summary>
    string SampleUnit { get; }

    /// <summary>The model; parameters with <c>requires_grad = false</c> are frozen and never optimised or saved.</summary>
    nn.Module Model { get; }

    /// <summary>The options as actually used (e.g. normalisation statistics filled in); recorded in config.json.</summary>
    TrainOptions Options { get; }

    /// <summary>What the LM stage loaded (null when the task has none); config.json records it.</summary>
    LmStageInfo? StageInfo { get; }

    /// <summary>The data actually used (source, format, split sizes, classes), for config.json.</summary>
    JsonObject DescribeData();

    /// <summary>The model's shape (encoder config, stage position), for config.json.</summary>
    JsonObject DescribeModel();

    int TrainBatchesPerEpoch { get; }
    int EvalBatchesPerEpoch { get; }

    /// <summary>Training batches of <paramref name="epoch"/>, in an order determined by (seed, epoch) alone.</summary>
    IEnumerable<ITaskBatch> TrainBatches(int epoch);

    IEnumerable<ITaskBatch> EvalBatches();

    /// <summary>Forward pass in training mode; returns the scalar mean loss (with its graph).</summary>
    Tensor TrainLoss(ITaskBatch batch);

    /// <summary>Forward pass without gradients; adds the batch's "loss" and metric sums and its sample count.</summary>
    void Evaluate(ITaskBatch batch, MetricTotals totals);

    /// <summary>
    /// The model's FLOPs per sample at this task's sample shape (null when it does not count them); by default the
    /// model's own count (<see cref="IFlopCounted"/>).
    /// </summary>
    FlopCount? FlopsPerSample() => Model is IFlopCounted counted ? counted.FlopsPerSample() : null;
}

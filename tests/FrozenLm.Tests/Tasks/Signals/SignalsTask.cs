using System.Text.Json.Nodes;
using FrozenLm.FrozenStage;
using FrozenLm.Runtime;
using FrozenLm.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tests.Tasks.Signals;

/// <summary>
/// Regression of a generated signal's bump amplitude: mean squared error as the training loss and the primary metric
/// ("mse", lower is better), mean absolute error as the second metric.
/// </summary>
internal sealed class SignalsTask : ITrainingTask
{
    private readonly Device _device;

    public SignalsTask(TrainOptions options, Device device, string? expectedLmChecksum)
    {
        _device = device;
        TrainSet = SignalsData.Generate("bumps/train", SignalsOptions.TrainCount, SignalsOptions.TrainDataSeed);
        EvalSet = SignalsData.Generate("bumps/test", SignalsOptions.EvalCount, SignalsOptions.EvalDataSeed);
        torch.manual_seed(Seeding.Derive(options.Seed, "model"));
        var (stage, info) = LmStageFactory.Create(options.Lm, options.Dim, Seeding.Derive(options.Seed, "lm-random"), expectedLmChecksum);
        StageInfo = info;
        Options = options with { Lm = options.Lm with { Layers = info.Layers.Length > 0 ? info.Layers : options.Lm.Layers } };
        Signals = new SignalsModel(options.Dim, stage);
        Signals.to(device);
    }

    public string Name => SignalsOptions.TaskName;
    public string SampleUnit => "signals";
    public IReadOnlyList<string> MetricNames { get; } = ["mse", "mae"];
    public nn.Module Model => Signals;
    public SignalsModel Signals { get; }
    public TrainOptions Options { get; }
    public LmStageInfo? StageInfo { get; }
    public SignalsData TrainSet { get; }
    public SignalsData EvalSet { get; }
    public int TrainBatchesPerEpoch => (TrainSet.Count + Options.BatchSize - 1) / Options.BatchSize;
    public int EvalBatchesPerEpoch => (EvalSet.Count + Options.BatchSize - 1) / Options.BatchSize;

    public JsonObject DescribeData() => new()
    {
        ["source"] = SignalsOptions.DataName,
        ["format"] = "generated",
        ["train_count"] = TrainSet.Count,
        ["eval_count"] = EvalSet.Count,
        ["length"] = SignalsOptions.Length,
    };

    public JsonObject DescribeModel() => new() { ["dim"] = Options.Dim, ["tokens"] = SignalsOptions.Tokens };

    public IEnumerable<ITaskBatch> TrainBatches(int epoch)
    {
        var order = Enumerable.Range(0, TrainSet.Count).ToArray();
        new Random(Seeding.Derive(Options.Seed, $"batches:{epoch}")).Shuffle(order);
        return order.Chunk(Options.BatchSize).Select(ix => new SignalsBatch(TrainSet, ix));
    }

    public IEnumerable<ITaskBatch> EvalBatches() =>
        Enumerable.Range(0, EvalSet.Count).Chunk(Options.BatchSize).Select(ix => new SignalsBatch(EvalSet, ix));

    public Tensor TrainLoss(ITaskBatch batch)
    {
        var b = (SignalsBatch)batch;
        using var scope = torch.NewDisposeScope();
        return nn.functional.mse_loss(Signals.forward(b.Inputs.to(_device)), b.Targets.to(_device)).MoveToOuterDisposeScope();
    }

    public void Evaluate(ITaskBatch batch, MetricTotals totals)
    {
        var b = (SignalsBatch)batch;
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var error = Predict(b.Inputs).sub(b.Targets);                                  // [B]
        var squared = error.square().sum().item<float>();
        totals.Add("loss", squared);
        totals.Add("mse", squared);
        totals.Add("mae", error.abs().sum().item<float>());
        totals.AddSamples(b.Size);
    }

    /// <summary>Predicted amplitudes [B] (CPU) of tokens [B, T, S], in eval mode without gradients.</summary>
    public Tensor Predict(Tensor tokens)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        Signals.eval();
        return Signals.forward(tokens.to(_device)).cpu().MoveToOuterDisposeScope();
    }

    public void Dispose() => Signals.Dispose();
}

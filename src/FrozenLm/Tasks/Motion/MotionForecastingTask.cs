using FrozenLm.Tensors;
using System.Text.Json.Nodes;
using FrozenLm.Data.Motion;
using FrozenLm.Flops;
using FrozenLm.FrozenStage;
using FrozenLm.Models;
using FrozenLm.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tasks.Motion;

/// <summary>
/// Motion forecasting with a <see cref="IMotionForecaster"/> (VectorNet or mmTransformer, <c>--model</c>) and an LM
/// stage; the model owns its loss (winner-takes-all or region-based). Metrics (metres, lower is
/// better): minADE, minFDE, miss rate at K = 6 (all modes) and K = 1 (the most confident), and the constant-velocity
/// baseline's minADE / minFDE on the same scenes.
/// </summary>
public sealed class MotionForecastingTask : ITrainingTask
{
    private readonly MotionBatchLoader _trainLoader;
    private readonly MotionBatchLoader _evalLoader;
    private readonly Device _device;

    public MotionForecastingTask(TrainOptions options, Device device, string? expectedLmChecksum = null)
    {
        _device = device;
        var motion = options.TaskOptionsAs<MotionTaskOptions>();
        var splits = MotionDataSources.Open(options.Data, motion.Maps, motion.Vectorizer.LaneRadius, motion.Roads,
            options.TrainLimit, options.EvalLimit, options.Seed);
        if (splits.Train.Count == 0 || splits.Eval.Count == 0)
            throw new UserInputException(options.Data, "a split is empty");
        Splits = splits;
        TrainSet = splits.Train.Select(s => SceneVectorizer.Vectorize(s, motion.Vectorizer)).ToList();
        EvalSet = splits.Eval.Select(s => SceneVectorizer.Vectorize(s, motion.Vectorizer)).ToList();

        var (stage, info) = TaskStage.Create(options, motion.Model.Dim, expectedLmChecksum);
        StageInfo = info;
        Options = options with { Lm = options.Lm with { Layers = info.Layers } };
        torch.manual_seed(Seeding.Derive(options.Seed, "model"));
        Net = MotionModels.Create(motion, stage, options.Lm.Position);
        var scale = (float)SceneVectorizer.CoordinateScale;
        Net.FitToTraining(TrainSet.Select(s => s.Future.Select(v => v / scale).ToArray()).ToList(), Seeding.Derive(options.Seed, "anchors"));
        if (device.type != DeviceType.CPU)
            Net.Module.to(device);

        var dropLast = TrainSet.Count >= 2 * options.BatchSize;
        _trainLoader = new MotionBatchLoader(TrainSet, motion.Vectorizer, options.BatchSize, shuffle: true, dropLast, options.Seed);
        _evalLoader = new MotionBatchLoader(EvalSet, motion.Vectorizer, options.BatchSize, shuffle: false, dropLast: false, options.Seed);
    }

    public string Name => MotionTaskDefinition.TaskName;
    public string SampleUnit => "scenes";
    public TrainOptions Options { get; }
    public MotionTaskOptions Motion => Options.TaskOptionsAs<MotionTaskOptions>();
    public nn.Module Model => Net.Module;

    /// <summary>The model's FLOPs per scene at the vectorizer's polyline and vector counts.</summary>
    public FlopCount? FlopsPerSample() => Net.Flops(Motion.Vectorizer.Polylines, Motion.Vectorizer.Vectors);
    public IMotionForecaster Net { get; }
    public LmStageInfo? StageInfo { get; }
    public MotionSplits Splits { get; }
    public IReadOnlyList<VectorizedScene> TrainSet { get; }
    public IReadOnlyList<VectorizedScene> EvalSet { get; }
    public int TrainBatchesPerEpoch => _trainLoader.BatchCount;
    public int EvalBatchesPerEpoch => _evalLoader.BatchCount;

    public JsonObject DescribeData() => RunDescriptions.Data(Splits.Source, Splits.Format, (Splits.TrainName, TrainSet.Count),
        (Splits.EvalName, EvalSet.Count), null, ("lanes", Splits.Lanes), ("polylines", Motion.Vectorizer.Polylines),
        ("history_steps", MotionTiming.HistorySteps), ("future_steps", MotionTiming.FutureSteps));

    public JsonObject DescribeModel()
    {
        var node = RunDescriptions.Model(Motion.Model, Options.Lm.Position, Motion.Vectorizer.Polylines);
        node["architecture"] = Net.Architecture;
        if (Net is MmTransformer)
            node["mmtransformer"] = System.Text.Json.JsonSerializer.SerializeToNode(Motion.MmTransformer, FrozenLm.IO.RunJson.Options);
        return node;
    }

    public IEnumerable<ITaskBatch> TrainBatches(int epoch) => _trainLoader.Epoch(epoch).Select(b => new MotionTaskBatch(b));

    public IEnumerable<ITaskBatch> EvalBatches() => _evalLoader.Epoch(0).Select(b => new MotionTaskBatch(b));

    public Tensor TrainLoss(ITaskBatch batch)
    {
        var b = ((MotionTaskBatch)batch).Batch;
        using var scope = torch.NewDisposeScope();
        var (trajectories, logits) = Net.Forward(b.Vectors.to(_device), b.VectorMask.to(_device), b.PolylineMask.to(_device));
        var loss = Net.Loss(trajectories, logits, b.Future.to(_device), Motion.SmoothL1Beta);
        return loss.MoveToOuterDisposeScope();
    }

    public void Evaluate(ITaskBatch batch, MetricTotals totals)
    {
        var b = ((MotionTaskBatch)batch).Batch;
        var forecasts = Forecast(b);
        for (var i = 0; i < b.Size; i++)
        {
            var scene = b.Scenes[i];
            var k6 = MotionMetrics.Score(forecasts[i].Trajectories, scene.Future);
            var k1 = MotionMetrics.ScoreMostConfident(forecasts[i].Trajectories, forecasts[i].Confidences, scene.Future);
            var cv = MotionMetrics.Score([MotionMetrics.ConstantVelocity(scene.History, MotionTiming.FutureSteps)], scene.Future);
            totals.Add("min_ade", k6.MinAde);
            totals.Add("min_fde", k6.MinFde);
            totals.Add("miss_rate", k6.Miss ? 1 : 0);
            totals.Add("min_ade_k1", k1.MinAde);
            totals.Add("min_fde_k1", k1.MinFde);
            totals.Add("miss_rate_k1", k1.Miss ? 1 : 0);
            totals.Add("cv_min_ade", cv.MinAde);
            totals.Add("cv_min_fde", cv.MinFde);
        }
        using (var scope = torch.NewDisposeScope())
        using (torch.no_grad())
            totals.Add("loss", TrainLoss(batch).item<float>() * b.Size);
        totals.AddSamples(b.Size);
    }

    /// <summary>The model's forecasts for a batch, in metres in each scene's target frame (no gradients).</summary>
    public List<MotionForecast> Forecast(MotionBatch b)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var (candidates, candidateLogits) = Net.Forward(b.Vectors.to(_device), b.VectorMask.to(_device), b.PolylineMask.to(_device));
        var (trajectories, logits) = Net.Select(candidates, candidateLogits);
        var (k, steps) = ((int)trajectories.shape[1], (int)trajectories.shape[2]);
        var values = trajectories.cpu().data<float>().ToArray();
        var confidences = logits.softmax(-1).cpu().data<float>().ToArray();
        var scale = (float)SceneVectorizer.CoordinateScale;
        var result = new List<MotionForecast>();
        for (var i = 0; i < b.Size; i++)
        {
            var modes = Enumerable.Range(0, k)
                .Select(m => values.AsSpan((i * k + m) * steps * 2, steps * 2).ToArray().Select(v => v * scale).ToArray())
                .ToList();
            result.Add(new MotionForecast(modes, confidences[(i * k)..((i + 1) * k)]));
        }
        return result;
    }

    public void Dispose() => Net.Dispose();
}

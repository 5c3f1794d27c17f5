using FrozenLm.Tensors;
using FrozenLm.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using FrozenLm.Data.PointClouds;
using FrozenLm.FrozenStage;
using FrozenLm.Models;
using FrozenLm.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tasks.PointCloud;

/// <summary>
/// Point-cloud classification with a Point-BERT trunk and an LM stage: cross-entropy (optional label smoothing);
/// metrics overall accuracy (<c>oa</c>), mean class accuracy (<c>macc</c>) and, with votes, the voting test's overall
/// accuracy (<c>oa_vote</c>: logits averaged over the plain cloud and scale-and-translate views).
/// </summary>
public sealed class PointCloudClassificationTask : ITrainingTask
{
    private readonly PointCloudLoader _trainLoader;
    private readonly PointCloudLoader _evalLoader;
    private readonly PointCloudLoader[] _voteLoaders;
    private readonly Device _device;
    private readonly double[] _classWeight;

    public PointCloudClassificationTask(TrainOptions options, Device device, string? expectedLmChecksum = null)
    {
        _device = device;
        var pc = options.TaskOptionsAs<PointCloudTaskOptions>();
        var shapes = new ShapesOptions
        {
            TrainPerClass = pc.ShapesTrainPerClass, TestPerClass = pc.ShapesTestPerClass, Points = Math.Max(pc.Points, 1024),
            Seed = pc.ShapesSeed,
        };
        Shapes = shapes;
        var splits = PointCloudSources.Open(options.Data, shapes, pc.Variant, pc.MeshSamples, options.Seed);
        TrainSet = PointCloudSubset.Take(splits.Train, options.TrainLimit, Seeding.Derive(options.Seed, "train-subset"));
        EvalSet = PointCloudSubset.Take(splits.Test, options.EvalLimit, Seeding.Derive(options.Seed, "eval-subset"));
        if (TrainSet.ClassNames.Count != EvalSet.ClassNames.Count)
            throw new UserInputException(options.Data, "training and evaluation splits have different classes");
        if (TrainSet.Count == 0 || EvalSet.Count == 0)
            throw new UserInputException(options.Data, "a split is empty");
        Options = options;
        DataSource = splits.Source;
        DataFormat = splits.Format;
        ClassNames = TrainSet.ClassNames;
        _classWeight = MeanClassWeights(EvalSet);

        var config = PointCloudClassificationTaskDefinition.ConfigOf(pc);
        var (stage, info) = TaskStage.Create(options, config.Dim, expectedLmChecksum);
        StageInfo = info;
        Options = Options with { Lm = Options.Lm with { Layers = info.Layers } };
        torch.manual_seed(Seeding.Derive(options.Seed, "model")).Dispose();
        Classifier = new PointBertClassifier(config, ClassNames.Count, stage, options.Lm.Position);
        if (device.type != DeviceType.CPU)
            Classifier.to(device);

        var dropLast = TrainSet.Count >= 2 * options.BatchSize;
        _trainLoader = new PointCloudLoader(TrainSet, options.BatchSize, pc.Points, shuffle: true, dropLast, pc.Augment, options.Seed);
        _evalLoader = new PointCloudLoader(EvalSet, options.BatchSize, pc.Points, shuffle: false, dropLast: false,
            PointCloudAugmentOptions.None, EvalLoaderSeed);
        _voteLoaders = Enumerable.Range(0, pc.Votes)
            .Select(v => new PointCloudLoader(EvalSet, options.BatchSize, pc.Points, shuffle: false, dropLast: false,
                pc.Augment.ForVoting(), Seeding.Derive(options.Seed, $"vote:{v}")))
            .ToArray();
    }

    public string Name => PointCloudClassificationTaskDefinition.TaskName;
    public string SampleUnit => "clouds";
    public TrainOptions Options { get; }

    /// <summary>The point-cloud settings of <see cref="Options"/>.</summary>
    public PointCloudTaskOptions PointCloud => Options.TaskOptionsAs<PointCloudTaskOptions>();
    public nn.Module Model => Classifier;
    public PointBertClassifier Classifier { get; }
    public LmStageInfo? StageInfo { get; }
    public IPointCloudDataset TrainSet { get; }
    public IPointCloudDataset EvalSet { get; }

    /// <summary>The options the generated <c>shapes</c> set is made with (meaningful when the data is shapes).</summary>
    public ShapesOptions Shapes { get; }

    /// <summary>Seed of the evaluation loader's per-cloud resampling.</summary>
    public int EvalLoaderSeed => Seeding.Derive(Options.Seed, "eval");
    public string DataSource { get; }
    public string DataFormat { get; }
    public IReadOnlyList<string> ClassNames { get; }
    public int TrainBatchesPerEpoch => _trainLoader.BatchCount;
    public int EvalBatchesPerEpoch => _evalLoader.BatchCount;

    public JsonObject DescribeData() => RunDescriptions.Data(DataSource, DataFormat, (TrainSet.Name, TrainSet.Count),
        (EvalSet.Name, EvalSet.Count), ClassNames, ("points", PointCloud.Points));

    public JsonObject DescribeModel() => RunDescriptions.Model(Classifier.Config, Options.Lm.Position, Classifier.Encoder.TokenCount);

    public IEnumerable<ITaskBatch> TrainBatches(int epoch) => _trainLoader.Epoch(epoch).Select(b => new PointCloudTaskBatch(b));

    public IEnumerable<ITaskBatch> EvalBatches() => _evalLoader.Epoch(0).Select(b => new PointCloudTaskBatch(b));

    public Tensor TrainLoss(ITaskBatch batch)
    {
        var b = ((PointCloudTaskBatch)batch).Batch;
        using var scope = torch.NewDisposeScope();
        var logits = Classifier.forward(b.Points.to(_device));                       // [B, K]
        var loss = nn.functional.cross_entropy(logits, b.Labels.to(_device), label_smoothing: PointCloud.LabelSmoothing);
        return loss.MoveToOuterDisposeScope();
    }

    public void Evaluate(ITaskBatch batch, MetricTotals totals)
    {
        var b = ((PointCloudTaskBatch)batch).Batch;
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var logits = Classifier.forward(b.Points.to(_device));                       // [B, K]
        var labels = b.Labels.to(_device);
        totals.Add("loss", nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum).item<float>());
        var hits = logits.argmax(1).eq(labels).cpu().data<bool>().ToArray();
        var labelValues = b.Labels.data<long>().ToArray();
        totals.Add("oa", hits.Count(h => h));
        totals.Add("macc", hits.Select((h, i) => h ? _classWeight[labelValues[i]] : 0).Sum());
        if (_voteLoaders.Length > 0)
        {
            var sum = logits.softmax(-1);
            foreach (var loader in _voteLoaders)
            {
                using var view = loader.MakeBatch(b.Indices, epoch: 0, _device);
                sum = sum.add(Classifier.forward(view.Points).softmax(-1), Scalars.One);
            }
            totals.Add("oa_vote", sum.argmax(1).eq(labels).sum().item<long>());
        }
        totals.AddSamples(b.Size);
    }

    /// <summary>Class probabilities [B, K] for clouds [B, N, 3], without gradients, in eval mode.</summary>
    public Tensor Probabilities(Tensor points)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        Classifier.eval();
        return Classifier.forward(points.to(_device)).softmax(-1).cpu().MoveToOuterDisposeScope();
    }

    /// <summary>The evaluation loader's cloud <paramref name="index"/> as the model sees it: [1, N, 3].</summary>
    public Tensor EvalCloud(int index)
    {
        using var batch = _evalLoader.MakeBatch([index], epoch: 0);
        return batch.Points.clone();
    }

    /// <summary>
    /// Per-sample weights so that summing them over correct samples and dividing by the sample count gives the mean of
    /// the per-class accuracies (over the classes present in the set).
    /// </summary>
    private static double[] MeanClassWeights(IPointCloudDataset set)
    {
        var counts = new int[set.ClassNames.Count];
        for (var i = 0; i < set.Count; i++)
            counts[set.GetLabel(i)]++;
        var present = counts.Count(c => c > 0);
        return counts.Select(c => c == 0 ? 0.0 : (double)set.Count / (present * c)).ToArray();
    }

    public void Dispose() => Classifier.Dispose();
}

using FrozenLm.Tensors;
using FrozenLm.IO;
using System.Text.Json;
using System.Text.Json.Nodes;
using FrozenLm.Data;
using FrozenLm.Data.Formats;
using FrozenLm.Encoders;
using FrozenLm.FrozenStage;
using FrozenLm.Models;
using FrozenLm.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tasks.Image;

/// <summary>
/// Image classification with a ViT and an LM stage: cross-entropy with label smoothing (soft-target cross-entropy when
/// mixup/cutmix produced soft labels), metrics top-1 and top-5 accuracy. Opens its data, estimates the normalisation
/// when none is given, and builds the model seeded by the run's seed.
/// </summary>
public sealed class ImageClassificationTask : ITrainingTask
{
    private readonly ImageBatchLoader _trainLoader;
    private readonly ImageBatchLoader _evalLoader;
    private readonly Device _device;
    private readonly Tensor? _classBias;

    public ImageClassificationTask(TrainOptions options, Device device, string? expectedLmChecksum = null)
    {
        _device = device;
        var splits = ImageDataSources.Open(options.Data, options.DataFormat, options.Seed);
        var image = options.TaskOptionsAs<ImageTaskOptions>();
        var train = ImageSubset.Take(splits.Train, options.TrainLimit, Seeding.Derive(options.Seed, "train-subset"));
        var testSource = splits.Test;
        if (image.EvalData is { } evalData)
        {
            var (mapped, unmatched, present) = ClassMappedFolder.Open(evalData, splits.Train.ClassNames, splits.Train.Channels);
            testSource = mapped;
            UnmatchedFolders = unmatched;
            PresentClasses = present.All(p => p) ? null : present;
        }
        var test = ImageSubset.Take(testSource, options.EvalLimit, Seeding.Derive(options.Seed, "eval-subset"));
        if (train.Channels != test.Channels || train.ClassNames.Count != test.ClassNames.Count)
            throw new UserInputException(options.Data, "training and evaluation splits differ in channels or classes");
        var imageSize = image.ImgSize > 0 ? image.ImgSize : Math.Max(train.Height, train.Width);
        var augment = image.Augment with { ImageSize = imageSize };
        if (augment.Mean.Length == 0 || augment.Std.Length == 0)
        {
            var (mean, std) = ImageNormalization.Estimate(train);
            augment = augment with { Mean = mean, Std = std };
        }
        Image = image with { ImgSize = imageSize, Augment = augment };
        TrainSet = train;
        EvalSet = test;
        DataSource = splits.Source;
        DataFormat = splits.Format;
        ClassNames = train.ClassNames;

        var vit = ImageClassificationTaskDefinition.VitConfigOf(Image, train.Channels, train.ClassNames.Count);
        var (stage, info) = TaskStage.Create(options, vit.Dim, expectedLmChecksum);
        StageInfo = info;
        Options = options with { TaskOptions = Image, Lm = options.Lm with { Layers = info.Layers } };
        torch.manual_seed(Seeding.Derive(options.Seed, "model")).Dispose();
        Vit = new VisionTransformer(vit, stage, Options.Lm.Position);
        if (device.type != DeviceType.CPU)
            Vit.to(device);
        if (PresentClasses is { } presentClasses)
            _classBias = torch.tensor(presentClasses.Select(p => p ? 0f : -1e9f).ToArray()).to(device).DetachFromDisposeScope();

        var dropLast = train.Count >= 2 * options.BatchSize;
        _trainLoader = new ImageBatchLoader(train, augment, options.BatchSize, train: true, options.Seed, options.Workers, dropLast);
        _evalLoader = new ImageBatchLoader(test, augment, options.BatchSize, train: false, options.Seed, options.Workers);
    }

    public string Name => ImageClassificationTaskDefinition.TaskName;
    public string SampleUnit => "images";
    public TrainOptions Options { get; }

    /// <summary>The image settings as used (image size and normalisation statistics filled in).</summary>
    public ImageTaskOptions Image { get; }
    public nn.Module Model => Vit;
    public VisionTransformer Vit { get; }
    public LmStageInfo? StageInfo { get; }
    public IImageDataset TrainSet { get; }
    public IImageDataset EvalSet { get; }
    public string DataSource { get; }
    public string DataFormat { get; }
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Folders of an <c>eval --data</c> folder that match no class of the run (skipped).</summary>
    public IReadOnlyList<string> UnmatchedFolders { get; } = [];

    /// <summary>Which classes an <c>eval --data</c> folder holds when it is a strict subset (only those are scored: the
    /// logits of absent classes are excluded); null when every class is present.</summary>
    public bool[]? PresentClasses { get; }
    public int TrainBatchesPerEpoch => _trainLoader.BatchesPerEpoch;
    public int EvalBatchesPerEpoch => _evalLoader.BatchesPerEpoch;

    public JsonObject DescribeData() => RunDescriptions.Data(DataSource, DataFormat, (TrainSet.Name, TrainSet.Count),
        (EvalSet.Name, EvalSet.Count), ClassNames, ("channels", TrainSet.Channels));

    public JsonObject DescribeModel() => RunDescriptions.Model(Vit.Config, Options.Lm.Position, Vit.NumTokens);

    public IEnumerable<ITaskBatch> TrainBatches(int epoch) => _trainLoader.Epoch(epoch).Select(b => new ImageTaskBatch(b));

    public IEnumerable<ITaskBatch> EvalBatches() => _evalLoader.Epoch(0).Select(b => new ImageTaskBatch(b));

    public Tensor TrainLoss(ITaskBatch batch)
    {
        var b = ((ImageTaskBatch)batch).Batch;
        using var scope = torch.NewDisposeScope();
        var logits = Vit.forward(b.Images.to(_device));                             // [B, K]
        return Heads.ClassificationLoss.Compute(logits, b.Labels.to(_device), b.SoftTargets?.to(_device), Image.LabelSmoothing)
            .MoveToOuterDisposeScope();
    }

    public void Evaluate(ITaskBatch batch, MetricTotals totals)
    {
        var b = ((ImageTaskBatch)batch).Batch;
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var logits = Scored(Vit.forward(b.Images.to(_device)));                     // [B, K]
        var labels = b.Labels.to(_device);
        totals.Add("loss", nn.functional.cross_entropy(logits, labels, reduction: nn.Reduction.Sum).item<float>());
        var k = (int)Math.Min(5, logits.shape[1]);
        var top = logits.topk(k, 1).indexes;                                        // [B, k]
        var hits = top.eq(labels.unsqueeze(1));                                      // [B, k]
        totals.Add("top1", hits.select(1, 0).sum().item<long>());
        totals.Add("top5", hits.any(1).sum().item<long>());
        totals.AddSamples(b.Size);
    }

    /// <summary>Class probabilities [B, K] for normalised images [B, C, H, W], without gradients, in eval mode.</summary>
    public Tensor Probabilities(Tensor images)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        Vit.eval();
        return Scored(Vit.forward(images.to(_device))).softmax(-1).cpu().MoveToOuterDisposeScope();
    }

    /// <summary>Top-1 accuracy of the model on <paramref name="set"/> (the run's evaluation transform and batch size).</summary>
    public double Top1On(IImageDataset set, CancellationToken ct = default)
    {
        using var loader = new ImageBatchLoader(set, Image.Augment, Options.BatchSize, train: false, Options.Seed, Options.Workers);
        var totals = new MetricTotals();
        Vit.eval();
        foreach (var batch in loader.Epoch(0))
        {
            using var taskBatch = new ImageTaskBatch(batch);
            ct.ThrowIfCancellationRequested();
            Evaluate(taskBatch, totals);
        }
        return totals.Mean("top1");
    }

    private Tensor Scored(Tensor logits) => _classBias is null ? logits : logits.add(_classBias, Scalars.One);

    /// <summary>Normalises one image read as [C, H, W] floats in [0, 1] with the run's statistics: [1, C, H, W].</summary>
    public Tensor Normalize(float[] chw, int channels, int height, int width)
    {
        using var scope = torch.NewDisposeScope();
        var x = torch.tensor(chw, [1, channels, height, width]);
        var mean = torch.tensor(Image.Augment.Mean).reshape(1, channels, 1, 1);
        var std = torch.tensor(Image.Augment.Std).reshape(1, channels, 1, 1);
        return x.sub(mean).div(std).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        _trainLoader.Dispose();
        _evalLoader.Dispose();
        Vit.Dispose();
        _classBias?.Dispose();
    }
}

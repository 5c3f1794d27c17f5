using FrozenLm.Tensors;
using System.Text.Json.Nodes;
using FrozenLm.Data.Video;
using FrozenLm.FrozenStage;
using FrozenLm.Models;
using FrozenLm.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tasks.Video;

/// <summary>
/// Action recognition with a video ViT and an LM stage: cross-entropy with label smoothing (soft-target cross-entropy
/// when mixup / cutmix produced soft labels); evaluation averages the class probabilities over a clip's test views;
/// metrics top-1 and top-5 accuracy. Without a normalisation in the options it is estimated from the training split
/// (as the image task does) and kept in <see cref="Options"/>, so a saved run normalises as it was trained.
/// </summary>
public sealed class VideoClassificationTask : ITrainingTask
{
    private readonly VideoClipLoader _trainLoader;
    private readonly VideoClipLoader _evalLoader;
    private readonly Device _device;

    public VideoClassificationTask(TrainOptions options, Device device, string? expectedLmChecksum = null)
    {
        _device = device;
        Video = options.TaskOptionsAs<VideoTaskOptions>();
        var splits = VideoDataSources.Open(options.Data, options.DataFormat, Video.Shapes, DecodeShortSide(Video.Clip));
        TrainSet = VideoSubset.Take(splits.Train, options.TrainLimit, Seeding.Derive(options.Seed, "train-subset"));
        EvalSet = VideoSubset.Take(splits.Test, options.EvalLimit, Seeding.Derive(options.Seed, "eval-subset"));
        if (!TrainSet.ClassNames.SequenceEqual(EvalSet.ClassNames))
            throw new UserInputException(options.Data, "training and evaluation splits have different classes");
        if (!Video.Clip.HasNormalization)
        {
            var (mean, std) = VideoNormalization.Estimate(TrainSet);
            Video = Video with { Clip = Video.Clip with { Mean = mean, Std = std } };
        }
        DataSource = splits.Source;
        DataFormat = splits.Format;
        ClassNames = TrainSet.ClassNames;

        var config = VideoClassificationTaskDefinition.ConfigOf(Video, ClassNames.Count);
        var (stage, info) = TaskStage.Create(options, config.Dim, expectedLmChecksum);
        StageInfo = info;
        Options = options with { TaskOptions = Video, Lm = options.Lm with { Layers = info.Layers } };
        torch.manual_seed(Seeding.Derive(options.Seed, "model"));
        Vit = new VideoVisionTransformer(config, stage, Options.Lm.Position);
        if (device.type != DeviceType.CPU)
            Vit.to(device);

        _trainLoader = new VideoClipLoader(TrainSet, Video.Clip, options.BatchSize, train: true, options.Seed, options.Workers,
            dropLast: TrainSet.Count >= 2 * options.BatchSize, Video.Augment);
        _evalLoader = new VideoClipLoader(EvalSet, Video.Clip, options.BatchSize, train: false, options.Seed, options.Workers);
    }

    public string Name => VideoClassificationTaskDefinition.TaskName;
    public string SampleUnit => "clips";
    public TrainOptions Options { get; }
    public VideoTaskOptions Video { get; }
    public nn.Module Model => Vit;
    public VideoVisionTransformer Vit { get; }
    public LmStageInfo? StageInfo { get; }
    public IVideoDataset TrainSet { get; }
    public IVideoDataset EvalSet { get; }
    public string DataSource { get; }
    public string DataFormat { get; }
    public IReadOnlyList<string> ClassNames { get; }
    public int TrainBatchesPerEpoch => _trainLoader.BatchesPerEpoch;
    public int EvalBatchesPerEpoch => _evalLoader.BatchesPerEpoch;

    /// <summary>The loader of the evaluation split (test views, no augmentation).</summary>
    public VideoClipLoader EvalLoader => _evalLoader;

    public JsonObject DescribeData() => RunDescriptions.Data(DataSource, DataFormat, (TrainSet.Name, TrainSet.Count),
        (EvalSet.Name, EvalSet.Count), ClassNames, ("frames", Video.Clip.Frames), ("frame_order", Video.Clip.FrameOrder),
        ("test_views", Video.Clip.TestClips * Video.Clip.TestCrops));

    public JsonObject DescribeModel() => RunDescriptions.Model(Vit.Config, Options.Lm.Position, Vit.NumTokens);

    public IEnumerable<ITaskBatch> TrainBatches(int epoch) => _trainLoader.Epoch(epoch).Select(b => new VideoTaskBatch(b));

    public IEnumerable<ITaskBatch> EvalBatches() => _evalLoader.Epoch(0).Select(b => new VideoTaskBatch(b));

    public Tensor TrainLoss(ITaskBatch batch)
    {
        var b = ((VideoTaskBatch)batch).Batch;
        using var scope = torch.NewDisposeScope();
        var logits = Vit.forward(b.Clips.to(_device));                              // [B, K]
        return Heads.ClassificationLoss.Compute(logits, b.Labels.to(_device), b.SoftTargets?.to(_device), Video.LabelSmoothing)
            .MoveToOuterDisposeScope();
    }

    public void Evaluate(ITaskBatch batch, MetricTotals totals)
    {
        var b = ((VideoTaskBatch)batch).Batch;
        using var scope = torch.NewDisposeScope();
        var probs = ViewProbabilities(b.Clips, b.Views).to(_device);                 // [B, K]
        var labels = b.Labels.to(_device);
        using var tiny = 1e-12.ToScalar();
        var picked = probs.gather(1, labels.unsqueeze(1)).clamp_min(tiny).log();    // [B, 1]
        totals.Add("loss", picked.sum().neg().item<float>());
        var k = (int)Math.Min(5, probs.shape[1]);
        var hits = probs.topk(k, 1).indexes.eq(labels.unsqueeze(1));                 // [B, k]
        totals.Add("top1", hits.select(1, 0).sum().item<long>());
        totals.Add("top5", hits.any(1).sum().item<long>());
        totals.AddSamples(b.Size);
    }

    /// <summary>Class probabilities [B, K] of clips [B x views, 3, T, S, S], averaged over each clip's views; no gradients.</summary>
    public Tensor ViewProbabilities(Tensor clips, int views)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var probs = Vit.forward(clips.to(_device)).softmax(-1);                     // [B x V, K]
        return probs.reshape(-1, views, probs.shape[1]).mean([1]).cpu().MoveToOuterDisposeScope();
    }

    /// <summary>The short side video files are decoded to: 8/7 of the input size (VideoMAE's 256 for 224).</summary>
    public static int DecodeShortSide(VideoClipOptions clip) => (clip.ImageSize * 8 + 6) / 7;

    public void Dispose()
    {
        _trainLoader.Dispose();
        _evalLoader.Dispose();
        Vit.Dispose();
    }
}

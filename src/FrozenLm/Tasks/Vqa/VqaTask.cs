using FrozenLm.Tensors;
using System.Text.Json.Nodes;
using FrozenLm.Data.VisionLanguage;
using FrozenLm.Encoders;
using FrozenLm.Flops;
using FrozenLm.FrozenStage;
using FrozenLm.Models.VisionLanguage;
using FrozenLm.Runtime;
using FrozenLm.Tasks.VisionLanguage;
using FrozenLm.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tasks.Vqa;

/// <summary>
/// Visual question answering: the METER-style <see cref="VqaFusionModel"/> and, trained alongside in the same steps, its
/// question-only baseline; the loss is the sum of both models' soft-target cross-entropy (<see cref="Loss"/>). A frozen text encoder's features are computed once per distinct question
/// (<see cref="TextFeatureCache"/>); a fine-tuned one runs in every step, and the baseline reads its features detached,
/// so that it does not train the VQA model's text encoder.
/// </summary>
public sealed class VqaTask : ITrainingTask
{
    private static readonly Scalar MinimumTargetMass = 1e-12.ToScalar();
    private readonly Device _device;
    private readonly VqaBatches _trainBatches;
    private readonly VqaBatches _evalBatches;
    private readonly TextFeatureCache? _cache;
    private readonly Lazy<FlopCount> _flops;

    public VqaTask(TrainOptions options, Device device, string? expectedLmChecksum = null)
    {
        _device = device;
        var vqa = options.TaskOptionsAs<VqaTaskOptions>();
        var data = VqaDataSources.Open(options.Data, options.DataFormat, options.TrainLimit, options.EvalLimit);
        Data = data with
        {
            Train = Subset(data.Train, options.TrainLimit, Seeding.Derive(options.Seed, "train-subset")),
            Eval = Subset(data.Eval, options.EvalLimit, Seeding.Derive(options.Seed, "eval-subset")),
        };
        Answers = AnswerVocabulary.FromTraining(Data.Train.Samples, vqa.MaxAnswers, data.Source);
        var vit = vqa.Image.InitFrom is { } run
            ? ImageTowerInit.ReadConfig(run) with { DropPath = vqa.Image.DropPath }
            : vqa.Image.ToVitConfig();
        Vqa = vqa with { Image = vqa.Image.As(vit) };

        var (stage, info) = TaskStage.Create(options, vit.Dim, expectedLmChecksum);
        StageInfo = info;
        Options = options with { TaskOptions = Vqa, Lm = options.Lm with { Layers = info.Layers } };
        Tokenizer = TextTokenizer.ForModel(Vqa.Text.Model);
        var textEncoder = TextEncoder.Load(Vqa.Text.Model, device);
        textEncoder.SetTrainable(Vqa.Text.Mode == TextEncoderMode.Finetune);
        Config = new VqaModelConfig
        {
            Vit = vit, FusionDepth = Vqa.FusionDepth, FusionHeads = Vqa.FusionHeads, TextHidden = textEncoder.HiddenSize,
            Answers = Answers.Count, WeightInit = Vqa.WeightInit,
        };
        torch.manual_seed(Seeding.Derive(options.Seed, "model"));
        Net = new VqaFusionModel(Config, stage, Options.Lm.Position, textEncoder, withQuestionOnly: true);
        if (Vqa.Image.InitFrom is { } initRun)
            ImageTowerInit.Load(Net.Vit, initRun);
        if (device.type != DeviceType.CPU)
            Net.to(device);
        if (Vqa.Text.Mode == TextEncoderMode.Frozen)
        {
            _cache = new TextFeatureCache(textEncoder, Tokenizer, TextLength, device);
            _cache.Add(Data.Train.Samples.Select(s => s.Question).Concat(Data.Eval.Samples.Select(s => s.Question)));
        }
        var dropLast = Data.Train.Samples.Count >= 2 * options.BatchSize;
        _flops = new Lazy<FlopCount>(() => Net.Flops(
            (long)Math.Round(Tokenizer.MeanTokenCount(Data.Train.Samples.Select(s => s.Question), TextLength)), encodeText: _cache is null));
        _trainBatches = new VqaBatches(Data.Train, Answers, Data.Families, vit.ImageSize, options.BatchSize, train: true, options.Seed, dropLast);
        _evalBatches = new VqaBatches(Data.Eval, Answers, Data.Families, vit.ImageSize, options.BatchSize, train: false, options.Seed, dropLast: false);
    }

    public string Name => VqaTaskDefinition.TaskName;
    public string SampleUnit => VqaTaskDefinition.Unit;
    public TrainOptions Options { get; }

    /// <summary>The VQA settings as used (the ViT's sizes filled in, from <c>--init-from</c>'s run when given).</summary>
    public VqaTaskOptions Vqa { get; }
    public VqaData Data { get; }
    public AnswerVocabulary Answers { get; }
    public TextTokenizer Tokenizer { get; }
    public VqaModelConfig Config { get; }
    public VqaFusionModel Net { get; }
    public nn.Module Model => Net;
    public LmStageInfo? StageInfo { get; }
    public int TrainBatchesPerEpoch => _trainBatches.BatchesPerEpoch;
    public int EvalBatchesPerEpoch => _evalBatches.BatchesPerEpoch;

    /// <summary>The token limit of a question (null = the text model's own).</summary>
    public int? TextLength => Vqa.Text.MaxLength > 0 ? Vqa.Text.MaxLength : null;

    /// <summary>Batches of the evaluation split (for eval and explain).</summary>
    public VqaBatches EvalSplitBatches => _evalBatches;

    public JsonObject DescribeData() => RunDescriptions.Data(Data.Source, Data.Format, (Data.Train.Name, Data.Train.Samples.Count),
        (Data.Eval.Name, Data.Eval.Samples.Count), classes: null,
        ("families", new JsonArray([.. Data.Families.Select(f => JsonValue.Create(f))])),
        ("answers", Answers.Count),
        ("text_model", Vqa.Text.Model), ("text_mode", Vqa.Text.Mode.ToString().ToLowerInvariant()));

    public JsonObject DescribeModel()
    {
        var node = RunDescriptions.Model(Config, Options.Lm.Position, Net.ImageTokens);
        node["fusion"] = "merged attention (image tokens, then text tokens, modality embeddings)";
        return node;
    }

    public IEnumerable<ITaskBatch> TrainBatches(int epoch) => _trainBatches.Epoch(epoch);

    public IEnumerable<ITaskBatch> EvalBatches() => _evalBatches.Epoch(0);

    /// <summary>Text features [B, L, H] and mask [B, L] of <paramref name="questions"/> (through the encoder when it is fine-tuned).</summary>
    public (Tensor Hidden, Tensor Mask) EncodeQuestions(IReadOnlyList<string> questions)
    {
        if (_cache is not null)
            return _cache.Batch(questions, _device);
        using var scope = torch.NewDisposeScope();
        var tokens = Tokenizer.Encode(questions, TextLength);
        var mask = tokens.MaskTensor(_device);
        var hidden = Net.EncodeText(tokens.IdsTensor(_device), mask);
        return (hidden.MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// FLOPs of one training sample at the training questions' mean token count (padding to a batch's longest question
    /// is not counted), the question-only baseline included; the text encoder counts only when fine-tuned.
    /// </summary>
    public FlopCount? FlopsPerSample() => _flops.Value;

    public Tensor TrainLoss(ITaskBatch batch)
    {
        var b = (VqaTaskBatch)batch;
        using var scope = torch.NewDisposeScope();
        var (hidden, mask) = EncodeQuestions(b.Questions);
        var targets = b.Targets.to(_device);
        var logits = Net.Logits(b.Images.to(_device), hidden, mask);                        // [B, A]
        var baseline = Net.QuestionOnly!.Logits(hidden.detach(), mask);                     // [B, A]
        return Loss(logits, targets).add(Loss(baseline, targets), Scalars.One).MoveToOuterDisposeScope();
    }

    public void Evaluate(ITaskBatch batch, MetricTotals totals)
    {
        var b = (VqaTaskBatch)batch;
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var (hidden, mask) = EncodeQuestions(b.Questions);
        var targets = b.Targets.to(_device);
        var logits = Net.Logits(b.Images.to(_device), hidden, mask);
        var baseline = Net.QuestionOnly!.Logits(hidden, mask);
        totals.Add("loss", Loss(logits, targets).item<float>() * b.Size);
        var scores = Scores(logits, targets);
        totals.Add(VqaMetrics.Accuracy, scores.Sum());
        totals.Add(VqaMetrics.QuestionOnly, Scores(baseline, targets).Sum());
        for (var f = 0; f < Data.Families.Count; f++)
        {
            var members = Enumerable.Range(0, b.Size).Where(i => b.Families[i] == f).ToList();
            if (members.Count > 0)
                totals.Add(VqaMetrics.FamilyKey(Data.Families[f]), members.Sum(i => scores[i]), members.Count);
        }
        totals.AddSamples(b.Size);
    }

    /// <summary>Answer probabilities (softmax over the vocabulary) [B, A] for a batch, without gradients, in eval mode.</summary>
    public Tensor AnswerScores(Tensor images, IReadOnlyList<string> questions)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        Net.eval();
        var (hidden, mask) = EncodeQuestions(questions);
        return Net.Logits(images.to(_device), hidden, mask).softmax(1).cpu().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Soft-target cross-entropy: each row's VQA scores normalised to sum 1, against the softmax over answers, averaged
    /// over the batch (a row whose answers are all outside the vocabulary adds nothing).
    /// </summary>
    public static Tensor Loss(Tensor logits, Tensor targets)
    {
        using var scope = torch.NewDisposeScope();
        var mass = targets.sum(1, keepdim: true).clamp_min(MinimumTargetMass);               // [B, 1]
        var perSample = targets.div(mass).mul(logits.log_softmax(1)).sum(1).neg();           // [B]
        return perSample.mean().MoveToOuterDisposeScope();
    }

    /// <summary>Per sample, the soft score of the top answer: the VQA accuracy of each prediction.</summary>
    public static float[] Scores(Tensor logits, Tensor targets)
    {
        using var scope = torch.NewDisposeScope();
        return targets.gather(1, logits.argmax(1).unsqueeze(1)).squeeze(1).cpu().data<float>().ToArray();
    }

    private static VqaSplit Subset(VqaSplit split, int limit, int seed)
    {
        if (limit <= 0 || limit >= split.Samples.Count)
            return split;
        var order = Enumerable.Range(0, split.Samples.Count).ToArray();
        new Random(seed).Shuffle(order);
        return split with { Samples = order.Take(limit).Order().Select(i => split.Samples[i]).ToList() };
    }

    public void Dispose()
    {
        _cache?.Dispose();
        Net.Dispose();
    }
}

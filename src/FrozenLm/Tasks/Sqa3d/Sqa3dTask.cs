using System.Text.Json.Nodes;
using FrozenLm.Data.Sqa3d;
using FrozenLm.Data.VisionLanguage;
using FrozenLm.FrozenStage;
using FrozenLm.Models.Sqa3d;
using FrozenLm.Runtime;
using FrozenLm.Tasks.VisionLanguage;
using FrozenLm.Tensors;
using FrozenLm.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tasks.Sqa3d;

/// <summary>
/// Situated 3D question answering: the <see cref="SceneQaModel"/> and, trained alongside in the same steps, its
/// question-only baseline. The scene tokens are point groups or, with <c>--scene-tokens objects</c>, object segments
/// (every scene must give them, below <c>--max-objects</c>). The loss is the answer cross-entropy of both models plus <c>--situation-loss-weight</c> x
/// the situation head's mean squared error. The situation and the question are encoded apart by the text encoder and
/// their tokens concatenated (situation first); a frozen encoder's features are computed once per distinct text
/// (<see cref="TextFeatureCache"/>), a fine-tuned one runs in every step, and the baseline reads its features detached.
/// </summary>
public sealed class Sqa3dTask : ITrainingTask
{
    private readonly Device _device;
    private readonly Sqa3dBatches _trainBatches;
    private readonly Sqa3dBatches _evalBatches;
    private readonly TextFeatureCache? _cache;

    public Sqa3dTask(TrainOptions options, Device device, string? expectedLmChecksum = null)
    {
        _device = device;
        Qa = options.TaskOptionsAs<Sqa3dTaskOptions>();
        var data = Sqa3dDataSources.Open(options.Data, options.DataFormat, options.TrainLimit, options.EvalLimit, Qa.Points);
        Data = data with
        {
            Train = Subset(data.Train, options.TrainLimit, Seeding.Derive(options.Seed, "train-subset")),
            Eval = Subset(data.Eval, options.EvalLimit, Seeding.Derive(options.Seed, "eval-subset")),
        };
        Answers = AnswerVocabulary.FromAnswers(Data.Train.Samples.Select(s => s.Answer), Qa.MaxAnswers, data.Source);
        var (stage, info) = TaskStage.Create(options, Qa.Dim, expectedLmChecksum);
        StageInfo = info;
        Options = options with { Lm = options.Lm with { Layers = info.Layers } };
        Tokenizer = TextTokenizer.ForModel(Qa.Text.Model);
        var textEncoder = TextEncoder.Load(Qa.Text.Model, device);
        textEncoder.SetTrainable(Qa.Text.Mode == TextEncoderMode.Finetune);
        if (Qa.SceneTokens == SceneTokenKind.Objects)
            CheckSegments(Data, Qa.MaxObjects);
        Config = new SceneQaModelConfig
        {
            Scene = Sqa3dTaskDefinition.SceneConfigOf(Qa), FusionDepth = Qa.FusionDepth, FusionHeads = Qa.FusionHeads,
            TextHidden = textEncoder.HiddenSize, Answers = Answers.Count, WeightInit = Qa.WeightInit,
            SceneTokenKind = Qa.SceneTokens, MaxObjects = Qa.MaxObjects,
        };
        torch.manual_seed(Seeding.Derive(options.Seed, "model")).Dispose();
        Net = new SceneQaModel(Config, stage, Options.Lm.Position, textEncoder, withQuestionOnly: true);
        if (device.type != DeviceType.CPU)
            Net.to(device);
        if (Qa.Text.Mode == TextEncoderMode.Frozen)
        {
            _cache = new TextFeatureCache(textEncoder, Tokenizer, TextLength, device);
            _cache.Add(Data.Train.Samples.Concat(Data.Eval.Samples).SelectMany(s => new[] { s.Situation, s.Question }));
        }
        var dropLast = Data.Train.Samples.Count >= 2 * options.BatchSize;
        _trainBatches = new Sqa3dBatches(Data.Train, Answers, Data.Families, Qa.Points, options.BatchSize, train: true, options.Seed, dropLast, Qa.ShuffleScenes);
        _evalBatches = new Sqa3dBatches(Data.Eval, Answers, Data.Families, Qa.Points, options.BatchSize, train: false, options.Seed, dropLast: false, Qa.ShuffleScenes);
    }

    public string Name => Sqa3dTaskDefinition.TaskName;
    public string SampleUnit => Sqa3dTaskDefinition.Unit;
    public TrainOptions Options { get; }
    public Sqa3dTaskOptions Qa { get; }
    public Sqa3dData Data { get; }
    public AnswerVocabulary Answers { get; }
    public TextTokenizer Tokenizer { get; }
    public SceneQaModelConfig Config { get; }
    public SceneQaModel Net { get; }
    public nn.Module Model => Net;
    public LmStageInfo? StageInfo { get; }
    public int TrainBatchesPerEpoch => _trainBatches.BatchesPerEpoch;
    public int EvalBatchesPerEpoch => _evalBatches.BatchesPerEpoch;

    /// <summary>The token limit of a text (null = the text model's own).</summary>
    public int? TextLength => Qa.Text.MaxLength > 0 ? Qa.Text.MaxLength : null;

    /// <summary>Batches of the evaluation split (for eval and explain).</summary>
    public Sqa3dBatches EvalSplitBatches => _evalBatches;

    public JsonObject DescribeData() => RunDescriptions.Data(Data.Source, Data.Format, (Data.Train.Name, Data.Train.Samples.Count),
        (Data.Eval.Name, Data.Eval.Samples.Count), classes: null,
        ("families", new JsonArray([.. Data.Families.Select(f => JsonValue.Create(f))])),
        ("answers", Answers.Count), ("train_scenes", Data.Train.Scenes.Count), ("eval_scenes", Data.Eval.Scenes.Count),
        ("points", Qa.Points), ("scene_shuffled", Qa.ShuffleScenes),
        ("text_model", Qa.Text.Model), ("text_mode", Qa.Text.Mode.ToString().ToLowerInvariant()));

    public JsonObject DescribeModel()
    {
        var node = RunDescriptions.Model(Config, Options.Lm.Position, Config.SceneTokens);
        node["fusion"] = "merged attention (scene tokens, then situation and question tokens, modality embeddings)";
        return node;
    }

    public IEnumerable<ITaskBatch> TrainBatches(int epoch) => _trainBatches.Epoch(epoch);

    public IEnumerable<ITaskBatch> EvalBatches() => _evalBatches.Epoch(0);

    /// <summary>Text features [B, Ls + Lq, H] and mask of the situations followed by the questions.</summary>
    public (Tensor Hidden, Tensor Mask) EncodeTexts(IReadOnlyList<string> situations, IReadOnlyList<string> questions)
    {
        using var scope = torch.NewDisposeScope();
        var (sh, sm) = Encode(situations);
        var (qh, qm) = Encode(questions);
        return (torch.cat([sh, qh], 1).MoveToOuterDisposeScope(), torch.cat([sm, qm], 1).MoveToOuterDisposeScope());
    }

    private (Tensor Hidden, Tensor Mask) Encode(IReadOnlyList<string> texts)
    {
        if (_cache is not null)
            return _cache.Batch(texts, _device);
        using var scope = torch.NewDisposeScope();
        var tokens = Tokenizer.Encode(texts, TextLength);
        var mask = tokens.MaskTensor(_device);
        var hidden = Net.EncodeText(tokens.IdsTensor(_device), mask);
        return (hidden.MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope());
    }

    public Tensor TrainLoss(ITaskBatch batch)
    {
        var b = (Sqa3dTaskBatch)batch;
        using var scope = torch.NewDisposeScope();
        var (hidden, mask) = EncodeTexts(b.Situations, b.Questions);
        var answers = b.Answers.to(_device);
        var (logits, situation) = Net.Forward(b.Scenes.to(_device), b.Segments?.to(_device), hidden, mask);
        var baseline = Net.QuestionOnly!.Logits(hidden.detach(), mask);
        var loss = AnswerLoss(logits, answers).add(AnswerLoss(baseline, answers), Scalars.One);
        if (Qa.SituationLossWeight > 0)
        {
            using var weight = Qa.SituationLossWeight.ToScalar();
            loss = loss.add(nn.functional.mse_loss(situation, b.Poses.to(_device)), weight);
        }
        return loss.MoveToOuterDisposeScope();
    }

    public void Evaluate(ITaskBatch batch, MetricTotals totals)
    {
        var b = (Sqa3dTaskBatch)batch;
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        var (hidden, mask) = EncodeTexts(b.Situations, b.Questions);
        var answers = b.Answers.to(_device);
        var (logits, situation) = Net.Forward(b.Scenes.to(_device), b.Segments?.to(_device), hidden, mask);
        var baseline = Net.QuestionOnly!.Logits(hidden, mask);
        totals.Add("loss", AnswerLoss(logits, answers).item<float>() * b.Size);
        var hits = Hits(logits, answers, 1);
        totals.Add(Sqa3dMetrics.Em1, hits.Count(h => h));
        totals.Add(Sqa3dMetrics.Em10, Hits(logits, answers, Sqa3dMetrics.TopK).Count(h => h));
        totals.Add(Sqa3dMetrics.QuestionOnly, Hits(baseline, answers, 1).Count(h => h));
        var (position, facing) = PoseErrors(situation, b.Poses);
        totals.Add(Sqa3dMetrics.PositionError, position.Sum());
        totals.Add(Sqa3dMetrics.FacingError, facing.Sum());
        for (var f = 0; f < Data.Families.Count; f++)
        {
            var members = Enumerable.Range(0, b.Size).Where(i => b.Families[i] == f).ToList();
            if (members.Count > 0)
                totals.Add(Sqa3dMetrics.FamilyKey(Data.Families[f]), members.Count(i => hits[i]), members.Count);
        }
        totals.AddSamples(b.Size);
    }

    /// <summary>
    /// Answer probabilities [B, A] and situation outputs [B, 4] for scenes [B, N, 6], their segments [B, N] (null when
    /// the model reads point groups) and texts, without gradients, in eval mode.
    /// </summary>
    public (Tensor Scores, Tensor Situation) Answer(Tensor scenes, Tensor? segments, IReadOnlyList<string> situations, IReadOnlyList<string> questions)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        Net.eval();
        var (hidden, mask) = EncodeTexts(situations, questions);
        var (logits, situation) = Net.Forward(scenes.to(_device), segments?.to(_device), hidden, mask);
        return (logits.softmax(1).cpu().MoveToOuterDisposeScope(), situation.cpu().MoveToOuterDisposeScope());
    }

    /// <summary>Cross-entropy over the answers, averaged over the samples whose answer is in the vocabulary (0 when none is).</summary>
    public static Tensor AnswerLoss(Tensor logits, Tensor answers)
    {
        using var scope = torch.NewDisposeScope();
        var valid = answers.ge(Scalars.Zero);                                                   // [B]
        var picked = logits.log_softmax(1).gather(1, answers.clamp_min(Scalars.Zero).unsqueeze(1)).squeeze(1); // [B]
        var count = valid.sum().to_type(logits.dtype).clamp_min(Scalars.One);
        return picked.mul(valid.to_type(logits.dtype)).sum().neg().div(count).MoveToOuterDisposeScope();
    }

    /// <summary>Per sample, whether its answer is among the top <paramref name="k"/> logits (an answer outside the vocabulary never is).</summary>
    public static bool[] Hits(Tensor logits, Tensor answers, int k)
    {
        using var scope = torch.NewDisposeScope();
        var (_, top) = logits.topk(Math.Min(k, (int)logits.shape[1]), dim: 1);                // [B, k]
        return top.eq(answers.unsqueeze(1)).any(1).cpu().data<bool>().ToArray();
    }

    /// <summary>Per sample, the position error (Euclidean, x-y) and the facing error in degrees of the situation head's output.</summary>
    public static (double[] Position, double[] FacingDegrees) PoseErrors(Tensor predicted, Tensor target)
    {
        var p = predicted.cpu().data<float>().ToArray();
        var t = target.cpu().data<float>().ToArray();
        var n = p.Length / AgentPose.TargetSize;
        var position = new double[n];
        var facing = new double[n];
        for (var i = 0; i < n; i++)
        {
            var o = i * AgentPose.TargetSize;
            position[i] = Math.Sqrt((p[o] - t[o]) * (p[o] - t[o]) + (p[o + 1] - t[o + 1]) * (p[o + 1] - t[o + 1]));
            var diff = Math.Atan2(p[o + 3], p[o + 2]) - Math.Atan2(t[o + 3], t[o + 2]);
            facing[i] = Math.Abs(Math.Atan2(Math.Sin(diff), Math.Cos(diff))) * 180 / Math.PI;
        }
        return (position, facing);
    }

    /// <summary>
    /// Checks that every scene of both splits gives each point an object segment below <paramref name="maxObjects"/>,
    /// as object tokens need; throws a user error naming the data otherwise.
    /// </summary>
    public static void CheckSegments(Sqa3dData data, int maxObjects)
    {
        foreach (var split in new[] { data.Train, data.Eval })
            foreach (var scene in split.Scenes.Values)
            {
                if (scene.Segments is not { } ids)
                    throw new UserInputException("--scene-tokens",
                        $"objects needs per-point object segments, and scene '{scene.Id}' of {data.Source} has none (use --scene-tokens groups)");
                var top = ids.Length == 0 ? ScenePoints.NoSegment : ids.Max();
                if (top >= maxObjects)
                    throw new UserInputException("--max-objects",
                        $"scene '{scene.Id}' of {data.Source} has object segment {top}, past the {maxObjects} object slots (raise --max-objects)");
            }
    }

    /// <summary>The segments tensor [1, N] of a scene resampled to the model's points, or null when the model reads point groups.</summary>
    public Tensor? SegmentsFor(ScenePoints scene, string path, long[] resampled)
    {
        if (!Net.ReadsObjects)
            return null;
        if (scene.Segments is null)
            throw new UserInputException(path, "this run's model reads object tokens (--scene-tokens objects), and the scene file gives no object segments");
        if (resampled.Max() >= Config.MaxObjects)
            throw new UserInputException(path, $"object segment {resampled.Max()} is past the run's {Config.MaxObjects} object slots");
        return torch.tensor(resampled, [1, resampled.Length]);
    }

    private static Sqa3dSplit Subset(Sqa3dSplit split, int limit, int seed) =>
        SubsetIndices.Pick(split.Samples.Count, limit, seed) is { } picked
            ? split with { Samples = picked.Select(i => split.Samples[i]).ToList() }
            : split;

    public void Dispose()
    {
        _cache?.Dispose();
        Net.Dispose();
    }
}

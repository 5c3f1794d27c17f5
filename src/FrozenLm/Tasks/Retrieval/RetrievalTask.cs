using System.Text.Json.Nodes;
using FrozenLm.Data.VisionLanguage;
using FrozenLm.Flops;
using FrozenLm.FrozenStage;
using FrozenLm.Models.VisionLanguage;
using FrozenLm.Runtime;
using FrozenLm.Tasks.VisionLanguage;
using FrozenLm.Tasks.Vqa;
using FrozenLm.Tensors;
using FrozenLm.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tasks.Retrieval;

/// <summary>
/// Image-text retrieval: the <see cref="RetrievalModel"/> trained with the contrastive loss on its unimodal embeddings
/// (<see cref="ContrastiveLoss"/>, in-batch negatives, learned temperature) plus the image-text matching loss on the
/// fused [CLS] over each batch's pairs and, per image and per text, one hard negative mined from the contrastive
/// similarities (<see cref="HardNegativeMining"/>). Evaluation ranks the whole gallery (every image against every caption)
/// by contrastive similarity and re-ranks each query's top <see cref="RetrievalTaskOptions.RerankK"/> candidates with the
/// matching head (<see cref="ItmReranking"/>); the gallery is gathered over the evaluation batches and scored after the last.
/// A frozen text encoder's features are computed once per distinct caption (<see cref="TextFeatureCache"/>).
/// </summary>
public sealed class RetrievalTask : ITrainingTask
{
    private const int PairChunk = 256;
    private static readonly Scalar Zero = 0.ToScalar();
    private readonly Device _device;
    private readonly RetrievalBatches _trainBatches;
    private readonly RetrievalBatches _evalBatches;
    private readonly TextFeatureCache? _cache;
    private readonly Lazy<FlopCount> _flops;
    private Gallery? _gallery;

    public RetrievalTask(TrainOptions options, Device device, string? expectedLmChecksum = null)
    {
        _device = device;
        var retrieval = options.TaskOptionsAs<RetrievalTaskOptions>();
        var data = RetrievalDataSources.Open(options.Data, options.DataFormat, retrieval.ImageRoot, options.TrainLimit, options.EvalLimit);
        Data = data with
        {
            Train = Limit(data.Train, options.TrainLimit, Seeding.Derive(options.Seed, "train-subset")),
            Eval = Limit(data.Eval, options.EvalLimit, Seeding.Derive(options.Seed, "eval-subset")),
        };
        var vit = retrieval.Image.InitFrom is { } run
            ? ImageTowerInit.ReadConfig(run) with { DropPath = retrieval.Image.DropPath }
            : retrieval.Image.ToVitConfig();
        Retrieval = retrieval with { Image = retrieval.Image.As(vit) };

        var (stage, info) = TaskStage.Create(options, vit.Dim, expectedLmChecksum);
        StageInfo = info;
        Options = options with { TaskOptions = Retrieval, Lm = options.Lm with { Layers = info.Layers } };
        Tokenizer = TextTokenizer.ForModel(Retrieval.Text.Model);
        var textEncoder = TextEncoder.Load(Retrieval.Text.Model, device);
        textEncoder.SetTrainable(Retrieval.Text.Mode == TextEncoderMode.Finetune);
        Config = new RetrievalModelConfig
        {
            Vit = vit, FusionDepth = Retrieval.FusionDepth, FusionHeads = Retrieval.FusionHeads, TextHidden = textEncoder.HiddenSize,
            EmbedDim = Retrieval.EmbedDim, WeightInit = Retrieval.WeightInit,
        };
        torch.manual_seed(Seeding.Derive(options.Seed, "model"));
        Net = new RetrievalModel(Config, stage, Options.Lm.Position, textEncoder);
        if (Retrieval.Image.InitFrom is { } initRun)
            ImageTowerInit.Load(Net.Vit, initRun);
        if (device.type != DeviceType.CPU)
            Net.to(device);
        if (Retrieval.Text.Mode == TextEncoderMode.Frozen)
        {
            _cache = new TextFeatureCache(textEncoder, Tokenizer, TextLength, device);
            _cache.Add(Data.Train.Captions.SelectMany(c => c).Concat(Data.Eval.Captions.SelectMany(c => c)));
        }
        _flops = new Lazy<FlopCount>(() => Net.TrainFlops(
            (long)Math.Round(Tokenizer.MeanTokenCount(Data.Train.Captions.SelectMany(c => c), TextLength)), encodeText: _cache is null));
        var dropLast = Data.Train.ImageCount >= 2 * options.BatchSize;
        _trainBatches = new RetrievalBatches(Data.Train, vit.ImageSize, options.BatchSize, train: true, options.Seed, dropLast);
        _evalBatches = new RetrievalBatches(Data.Eval, vit.ImageSize, options.BatchSize, train: false, options.Seed, dropLast: false);
    }

    public string Name => RetrievalTaskDefinition.TaskName;
    public string SampleUnit => RetrievalTaskDefinition.Unit;
    public TrainOptions Options { get; }

    /// <summary>The retrieval settings as used (the ViT's sizes filled in, from <c>--init-from</c>'s run when given).</summary>
    public RetrievalTaskOptions Retrieval { get; }
    public RetrievalData Data { get; }
    public TextTokenizer Tokenizer { get; }
    public RetrievalModelConfig Config { get; }
    public RetrievalModel Net { get; }
    public nn.Module Model => Net;
    public LmStageInfo? StageInfo { get; }
    public int TrainBatchesPerEpoch => _trainBatches.BatchesPerEpoch;
    public int EvalBatchesPerEpoch => _evalBatches.BatchesPerEpoch;

    /// <summary>The token limit of a caption (null = the text model's own).</summary>
    public int? TextLength => Retrieval.Text.MaxLength > 0 ? Retrieval.Text.MaxLength : null;

    /// <summary>The metrics of the last complete gallery ranked by contrastive similarity alone (null before one).</summary>
    public IReadOnlyDictionary<string, double>? LastContrastiveMetrics { get; private set; }

    /// <summary>
    /// FLOPs of one training sample (an image, one caption at the training captions' mean token count, its two hard
    /// negative pairs); the gallery ranking of evaluation costs differently and is not counted.
    /// </summary>
    public FlopCount? FlopsPerSample() => _flops.Value;

    public JsonObject DescribeData() => RunDescriptions.Data(Data.Source, Data.Format, (Data.Train.Name, Data.Train.ImageCount),
        (Data.Eval.Name, Data.Eval.ImageCount), classes: null,
        ("train_captions", Data.Train.CaptionCount), ("eval_captions", Data.Eval.CaptionCount),
        ("text_model", Retrieval.Text.Model), ("text_mode", Retrieval.Text.Mode.ToString().ToLowerInvariant()));

    public JsonObject DescribeModel()
    {
        var node = RunDescriptions.Model(Config, Options.Lm.Position, Net.ImageTokens);
        node["fusion"] = "merged attention (image tokens, then text tokens, modality embeddings)";
        node["ranking"] = Retrieval.RerankK > 0
            ? $"contrastive similarity, top {Retrieval.RerankK} re-ranked by the matching head"
            : "contrastive similarity";
        return node;
    }

    public IEnumerable<ITaskBatch> TrainBatches(int epoch) => _trainBatches.Epoch(epoch);

    public IEnumerable<ITaskBatch> EvalBatches() => _evalBatches.Epoch(0);

    /// <summary>Text features [B, L, H] and mask [B, L] of <paramref name="texts"/> (through the encoder when it is fine-tuned).</summary>
    public (Tensor Hidden, Tensor Mask) EncodeTexts(IReadOnlyList<string> texts)
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
        var b = (RetrievalTaskBatch)batch;
        using var scope = torch.NewDisposeScope();
        var features = Net.ImageFeatures(b.Images.to(_device));                               // [B, Ti, d]
        var (hidden, mask) = EncodeTexts(b.Texts);                                          // [B, L, H], [B, L]
        var imageEmbeddings = Net.ImageEmbedding(features);
        var textEmbeddings = Net.TextEmbedding(hidden, mask);
        var scale = Net.LogitScale();
        var positives = Positives(b.TextImage, b.Texts, _device);                           // [B, B]
        var contrastive = ContrastiveLoss.Compute(imageEmbeddings, textEmbeddings, scale, positives);
        var (textForImage, imageForText) = HardNegativeMining.Sample(
            imageEmbeddings.matmul(textEmbeddings.t()).mul(scale).detach(), positives);
        var matching = MatchingLoss(features, hidden, mask, textForImage, imageForText);
        return contrastive.add(matching, Scalars.One).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Cross-entropy of the matching head over the B positive pairs, the B (image, its hard negative text) pairs and the
    /// B (hard negative image, text) pairs; a pair without a negative (index -1) is left out.
    /// </summary>
    private Tensor MatchingLoss(Tensor features, Tensor hidden, Tensor mask, Tensor textForImage, Tensor imageForText)
    {
        using var scope = torch.NewDisposeScope();
        var n = features.shape[0];
        var negText = textForImage.clamp_min(Zero);
        var negImage = imageForText.clamp_min(Zero);
        var pairFeatures = torch.cat([features, features, features.index_select(0, negImage)], 0);
        var pairHidden = torch.cat([hidden, hidden.index_select(0, negText), hidden], 0);
        var pairMask = torch.cat([mask, mask.index_select(0, negText), mask], 0);
        var labels = new long[RetrievalModel.MatchPairsPerSample * n];
        var textIds = textForImage.cpu().data<long>().ToArray();
        var imageIds = imageForText.cpu().data<long>().ToArray();
        for (var i = 0; i < n; i++)
        {
            labels[i] = 1;
            labels[n + i] = textIds[i] >= 0 ? 0 : -100;
            labels[2 * n + i] = imageIds[i] >= 0 ? 0 : -100;
        }
        var logits = Net.MatchLogits(pairFeatures, pairHidden, pairMask);                  // [3B, 2]
        return nn.functional.cross_entropy(logits, torch.tensor(labels, device: logits.device), ignore_index: -100).MoveToOuterDisposeScope();
    }

    /// <summary>[B, B] bool: text j is a positive of image i when it describes it or is the same string as a caption of it in the batch.</summary>
    public static Tensor Positives(IReadOnlyList<int> textImage, IReadOnlyList<string> texts, Device device)
    {
        var n = textImage.Count;
        var images = textImage.Max() + 1;
        var positive = new bool[images, n];
        for (var i = 0; i < n; i++)
        for (var j = 0; j < n; j++)
            if (textImage[j] == textImage[i] || string.Equals(texts[i], texts[j], StringComparison.Ordinal))
                positive[textImage[i], j] = true;
        return torch.tensor(positive, device: device);
    }

    public void Evaluate(ITaskBatch batch, MetricTotals totals)
    {
        var b = (RetrievalTaskBatch)batch;
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        if (b.Indices[0] == 0)
            _gallery = new Gallery();
        var gallery = _gallery ?? throw new InvalidOperationException("evaluation batches must start at the gallery's first image");
        var features = Net.ImageFeatures(b.Images.to(_device));
        var imageEmbeddings = Net.ImageEmbedding(features);
        var (hidden, mask) = EncodeTexts(b.Texts);
        var textEmbeddings = Net.TextEmbedding(hidden, mask);
        var first = Enumerable.Range(0, b.Size).Select(i => Array.IndexOf(b.TextImage, i)).ToArray();
        var firstCaptions = first.Select(t => b.Texts[t]).ToList();
        using var firstIndex = torch.tensor(first.Select(t => (long)t).ToArray(), device: _device);
        var loss = ContrastiveLoss.Compute(imageEmbeddings, textEmbeddings.index_select(0, firstIndex), Net.LogitScale(),
            Positives(Enumerable.Range(0, b.Size).ToList(), firstCaptions, _device));
        totals.Add("loss", loss.item<float>() * b.Size);
        totals.AddSamples(b.Size);
        gallery.Add(features.cpu().DetachFromDisposeScope(), imageEmbeddings.cpu().DetachFromDisposeScope(),
            textEmbeddings.cpu().DetachFromDisposeScope(), b.Texts, b.TextImage.Select(i => gallery.Images + i).ToArray());
        if (b.Indices[^1] != Data.Eval.ImageCount - 1)
            return;
        _gallery = null;
        using (gallery)
        {
            var (metrics, contrastive) = Rank(gallery);
            foreach (var (key, value) in metrics)
                totals.Add(key, value, 1);
            totals.Add(RetrievalMetrics.RsumContrastive, contrastive[RetrievalMetrics.Rsum], 1);
            totals.Add(RetrievalMetrics.GallerySize, gallery.Images, 1);
            LastContrastiveMetrics = contrastive;
        }
    }

    /// <summary>The gallery's R@K metrics, re-ranked with the matching head (when <c>RerankK</c> > 0), and by contrastive similarity alone.</summary>
    private (Dictionary<string, double> Ranked, Dictionary<string, double> Contrastive) Rank(Gallery gallery)
    {
        using var scope = torch.NewDisposeScope();
        var images = torch.cat(gallery.ImageEmbeddings, 0);                                   // [N, E]
        var texts = torch.cat(gallery.TextEmbeddings, 0);                                     // [T, E]
        var similarity = ToMatrix(images.matmul(texts.t()));
        var ks = RetrievalMetrics.Ks;
        var (i2t, t2i) = RetrievalRecall.Compute(similarity, gallery.TextImage, ks);
        var contrastive = RetrievalMetrics.Of(i2t, t2i);
        if (Retrieval.RerankK <= 0)
            return (contrastive, contrastive);
        var features = torch.cat(gallery.Features, 0);                                       // [N, Ti, d]
        ItmReranking.PairScorer score = (imageIds, textIds) => MatchScores(features, imageIds, textIds.Select(t => gallery.Texts[t]).ToList());
        var rankedI2t = RetrievalRecall.Compute(ItmReranking.ImageToText(similarity, Retrieval.RerankK, score), gallery.TextImage, ks).ImageToText;
        var rankedT2i = RetrievalRecall.Compute(ItmReranking.TextToImage(similarity, Retrieval.RerankK, score), gallery.TextImage, ks).TextToImage;
        return (RetrievalMetrics.Of(rankedI2t, rankedT2i), contrastive);
    }

    /// <summary>The matching head's score (match logit minus no-match logit) of pairs (image features[imageIds[i]], texts[i]).</summary>
    public float[] MatchScores(Tensor features, IReadOnlyList<int> imageIds, IReadOnlyList<string> texts)
    {
        var scores = new float[imageIds.Count];
        using var _ = torch.no_grad();
        for (var start = 0; start < imageIds.Count; start += PairChunk)
        {
            using var scope = torch.NewDisposeScope();
            var count = Math.Min(PairChunk, imageIds.Count - start);
            var index = torch.tensor(imageIds.Skip(start).Take(count).Select(i => (long)i).ToArray(), device: features.device);
            var (hidden, mask) = EncodeTexts(texts.Skip(start).Take(count).ToList());
            var logits = Net.MatchLogits(features.index_select(0, index).to(_device), hidden, mask);
            logits.select(1, 1).sub(logits.select(1, 0)).cpu().data<float>().CopyTo(scores, start);
        }
        return scores;
    }

    /// <summary>
    /// Ranks <paramref name="images"/> (normalised, [n, 3, S, S]) for <paramref name="query"/>, best first: by contrastive
    /// similarity, the top <c>RerankK</c> re-ranked by the matching head. Returns the order, each image's cosine similarity
    /// and its matching probability (softmax of the head; null outside the re-ranked top).
    /// </summary>
    public (int[] Order, float[] Similarity, float?[] Match) RankImages(Tensor images, string query)
    {
        using var scope = torch.NewDisposeScope();
        using var _ = torch.no_grad();
        Net.eval();
        var features = Net.ImageFeatures(images.to(_device));
        var (hidden, mask) = EncodeTexts([query]);
        var similarity = Net.ImageEmbedding(features).matmul(Net.TextEmbedding(hidden, mask).t()).squeeze(1).cpu().data<float>().ToArray();
        var n = similarity.Length;
        var order = Enumerable.Range(0, n).OrderByDescending(i => similarity[i]).ThenBy(i => i).ToArray();
        var match = new float?[n];
        var top = Math.Min(Retrieval.RerankK, n);
        if (top > 0)
        {
            var chosen = order.Take(top).ToArray();
            var scores = MatchScores(features, chosen, Enumerable.Repeat(query, top).ToList());
            for (var j = 0; j < top; j++)
                match[chosen[j]] = 1 / (1 + MathF.Exp(-scores[j]));
            order = [.. chosen.OrderByDescending(i => match[i]).ThenBy(i => i), .. order.Skip(top)];
        }
        return (order, similarity, match);
    }

    private static float[,] ToMatrix(Tensor t)
    {
        var rows = (int)t.shape[0];
        var cols = (int)t.shape[1];
        var data = t.cpu().contiguous().data<float>().ToArray();
        var matrix = new float[rows, cols];
        Buffer.BlockCopy(data, 0, matrix, 0, data.Length * sizeof(float));
        return matrix;
    }

    private static RetrievalSplit Limit(RetrievalSplit split, int limit, int seed)
    {
        if (limit <= 0 || limit >= split.ImageCount)
            return split;
        var order = Enumerable.Range(0, split.ImageCount).ToArray();
        new Random(seed).Shuffle(order);
        return split.Subset(order.Take(limit).Order().ToList());
    }

    public void Dispose()
    {
        _gallery?.Dispose();
        _cache?.Dispose();
        Net.Dispose();
    }

    /// <summary>The evaluation gallery gathered over the batches (CPU tensors, owned).</summary>
    private sealed class Gallery : IDisposable
    {
        public List<Tensor> Features { get; } = [];
        public List<Tensor> ImageEmbeddings { get; } = [];
        public List<Tensor> TextEmbeddings { get; } = [];
        public List<string> Texts { get; } = [];
        public List<int> TextImage { get; } = [];
        public int Images { get; private set; }

        public void Add(Tensor features, Tensor imageEmbeddings, Tensor textEmbeddings, IEnumerable<string> texts, IEnumerable<int> textImage)
        {
            Features.Add(features);
            ImageEmbeddings.Add(imageEmbeddings);
            TextEmbeddings.Add(textEmbeddings);
            Texts.AddRange(texts);
            TextImage.AddRange(textImage);
            Images += (int)features.shape[0];
        }

        public void Dispose()
        {
            foreach (var t in Features.Concat(ImageEmbeddings).Concat(TextEmbeddings))
                t.Dispose();
        }
    }
}

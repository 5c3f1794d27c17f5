using System.Security.Cryptography;
using FrozenLm.Flops;
using FrozenLm.LanguageModels;
using FrozenLm.LanguageModels.Checkpoints.Builtin;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace FrozenLm.Text;

/// <summary>
/// A complete pretrained BERT text encoder (input embeddings + LayerNorm + every layer) loaded from a packaged model's
/// ONNX weights: (input_ids [B, L] int64, attention_mask [B, L] int64, 1 = real token) -> last hidden state [B, L, H].
/// State-dict keys are Hugging Face BertModel's (<c>embeddings.word_embeddings.weight</c>,
/// <c>encoder.layer.0.attention.self.query.weight</c>, ...). Loaded frozen (no parameter requires a gradient).
/// </summary>
public sealed class TextEncoder : nn.Module<Tensor, Tensor, Tensor>
{
    [ComponentName(Name = "embeddings")]
    private readonly BertEmbeddings _embeddings;

    [ComponentName(Name = "encoder")]
    private readonly LayerList _encoder;

    private TextEncoder(TextModel model, LmConfig config, BertEmbeddings embeddings, IReadOnlyList<BertBlock> layers)
        : base(nameof(TextEncoder))
    {
        Model = model;
        Config = config;
        _embeddings = embeddings;
        _encoder = new LayerList(layers);
        RegisterComponents();
    }

    public TextModel Model { get; }
    public LmConfig Config { get; }
    public int HiddenSize => Config.HiddenSize;

    /// <summary>Hex SHA-256 over, per loaded tensor in parameter order, its name, a zero byte and the SHA-256 of its bytes.</summary>
    public string Checksum { get; private set; } = "";

    /// <summary>Whether any parameter requires a gradient (fine-tuning).</summary>
    public bool Trainable => parameters().Any(p => p.requires_grad);

    /// <summary>Loads a packaged model (<see cref="TextModels"/>) to <paramref name="device"/>, frozen.</summary>
    public static TextEncoder Load(string model, Device device)
    {
        Runtime.TorchRuntime.EnsureLoaded();
        var resolved = TextModels.Get(model);
        using var checkpoint = BuiltinLanguageModels.Open(resolved.Name);
        var config = checkpoint.Config;
        var source = checkpoint.Tensors;
        var word = source.Info("embeddings.word_embeddings.weight").Shape;
        var positions = source.Info("embeddings.position_embeddings.weight").Shape;
        var types = source.Info("embeddings.token_type_embeddings.weight").Shape;
        var embeddings = new BertEmbeddings(word[0], positions[0], types[0], config.HiddenSize, config.NormEps);
        var layers = Enumerable.Range(0, config.NumLayers)
            .Select(i => (BertBlock)config.Family.CreateBlock(config, i, ScalarType.Float32)).ToList();
        var encoder = new TextEncoder(resolved, config, embeddings, layers);
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            LmBlockLoader.CopyModule(source, embeddings, "embeddings.", " (text encoder embeddings)", hash);
            foreach (var layer in layers)
                LmBlockLoader.Copy(source, layer, hash);
            encoder.Checksum = Convert.ToHexStringLower(hash.GetHashAndReset());
            if (resolved.MaxLength > positions[0])
                throw new UserInputException(resolved.Name, $"the package cuts at {resolved.MaxLength} tokens but the model has {positions[0]} positions");
            encoder.SetTrainable(false);
            encoder.to(device);
            return encoder;
        }
        catch
        {
            encoder.Dispose();
            throw;
        }
    }

    /// <summary>Freezes (false) or unfreezes (true, fine-tuning) every parameter.</summary>
    public void SetTrainable(bool trainable)
    {
        foreach (var p in parameters())
            p.requires_grad = trainable;
    }

    /// <summary>(input_ids [B, L], attention_mask [B, L]) -> last hidden state [B, L, H]; padded keys are never attended.</summary>
    public override Tensor forward(Tensor inputIds, Tensor attentionMask)
    {
        if (inputIds.dim() != 2 || !inputIds.shape.SequenceEqual(attentionMask.shape))
            throw new ArgumentException(
                $"expected input_ids and attention_mask of one shape [B, L], got [{string.Join(", ", inputIds.shape)}] and [{string.Join(", ", attentionMask.shape)}]");
        using var scope = torch.NewDisposeScope();
        var keyMask = attentionMask.to(ScalarType.Bool); // [B, L]
        var x = _embeddings.forward(inputIds); // [B, L, H]
        foreach (var layer in _encoder.Layers)
            x = layer.forward(x, keyMask);
        return x.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Forward FLOPs of one text of <paramref name="tokens"/> tokens: every layer (trainable when fine-tuned, frozen
    /// otherwise); the embedding lookups are not products.
    /// </summary>
    public FlopCount Flops(long tokens) => _encoder.Layers.Aggregate(FlopCount.Zero, (sum, layer) => sum + ModuleFlops.RowWise(layer, tokens));

    /// <summary>The mean of <paramref name="hidden"/> [B, L, H] over the tokens where <paramref name="mask"/> [B, L] is 1 -> [B, H].</summary>
    public static Tensor MeanPool(Tensor hidden, Tensor mask)
    {
        using var scope = torch.NewDisposeScope();
        var weights = mask.to(hidden.dtype).unsqueeze(-1); // [B, L, 1]
        var sum = (hidden * weights).sum(1); // [B, H]
        var count = weights.sum(1).clamp_min(MinimumCount); // [B, 1]
        return (sum / count).MoveToOuterDisposeScope();
    }

    private static readonly Scalar MinimumCount = 1e-9.ToScalar();

    private sealed class LayerList : nn.Module
    {
        [ComponentName(Name = "layer")]
        private readonly ModuleList<BertBlock> _layer;

        public LayerList(IReadOnlyList<BertBlock> layers)
            : base("encoder")
        {
            Layers = layers;
            _layer = new ModuleList<BertBlock>([.. layers]);
            RegisterComponents();
        }

        public IReadOnlyList<BertBlock> Layers { get; }
    }
}

using System.Security.Cryptography;
using FrozenLm.LanguageModels.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels;

/// <summary>
/// The frozen language-model stage's block(s): one or more layers of a pretrained (or randomly initialised) model run
/// in sequence, optionally followed by the paper's parameter-free RMS norm. State-dict keys read
/// <c>layers.0.self_attn.q_proj.weight</c>, ...
/// </summary>
public sealed class LmBlockStack : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "layers")]
    private readonly ModuleList<LmBlock> _layers;

    [ComponentName(Name = "final_norm")]
    private readonly LmRmsNorm? _finalNorm;

    private LmBlockStack(LmConfig config, IReadOnlyList<LmBlock> blocks, LmLoadOptions options, string source,
        string format, string checksum)
        : base(nameof(LmBlockStack))
    {
        Config = config;
        Blocks = blocks;
        LayerIndices = blocks.Select(b => b.LayerIndex).ToArray();
        FinalNorm = options.FinalNorm;
        Source = source;
        Format = format;
        Checksum = checksum;
        _layers = new ModuleList<LmBlock>([.. blocks]);
        if (options.FinalNorm)
            _finalNorm = new LmRmsNorm("final_norm", config.HiddenSize, config.NormEps, ScalarType.Float32, learnable: false);
        RegisterComponents();
    }

    public LmConfig Config { get; }
    public IReadOnlyList<int> LayerIndices { get; }
    public IReadOnlyList<LmBlock> Blocks { get; }

    /// <summary>Whether the parameter-free RMS norm follows the last block.</summary>
    public bool FinalNorm { get; }

    /// <summary>The checkpoint path or built-in name, or "random".</summary>
    public string Source { get; }

    /// <summary>The checkpoint format ("safetensors", "safetensors-sharded", ...), or "random".</summary>
    public string Format { get; }

    /// <summary>
    /// Hex SHA-256 over, per loaded tensor in parameter order, its name, a zero byte and the SHA-256 of its stored bytes;
    /// "random:SEED" for a random stack.
    /// </summary>
    public string Checksum { get; }

    public long ParameterCount => parameters().Sum(p => p.numel());

    /// <summary>Opens <paramref name="source"/>, loads <paramref name="layers"/>, and closes the checkpoint.</summary>
    public static LmBlockStack Load(string source, IReadOnlyList<int> layers, LmLoadOptions options)
    {
        using var checkpoint = LmCheckpointLoader.Open(source);
        return Load(checkpoint, layers, options);
    }

    /// <summary>Loads <paramref name="layers"/> (original indices) from an open checkpoint, key by key with asserted shapes.</summary>
    public static LmBlockStack Load(LmCheckpoint checkpoint, IReadOnlyList<int> layers, LmLoadOptions options)
    {
        TorchRuntimeGuard();
        var storage = StorageType(options);
        CheckLayers(checkpoint.Config, layers);
        var blocks = new List<LmBlock>();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        try
        {
            foreach (var layer in layers)
            {
                var block = checkpoint.Config.Family.CreateBlock(checkpoint.Config, layer, storage);
                blocks.Add(block);
                LmBlockLoader.Copy(checkpoint.Tensors, block, hash);
            }
        }
        catch
        {
            foreach (var block in blocks)
                block.Dispose();
            throw;
        }
        var checksum = Convert.ToHexStringLower(hash.GetHashAndReset());
        return new LmBlockStack(checkpoint.Config, blocks, options, checkpoint.Source, checkpoint.Format, checksum);
    }

    /// <summary>
    /// The paper's "random LLM" control: the same blocks with Hugging Face initialisation (weights normal(0, 0.02), norm
    /// weights 1, biases 0) drawn from <paramref name="seed"/>.
    /// </summary>
    public static LmBlockStack CreateRandom(LmConfig config, IReadOnlyList<int> layers, LmLoadOptions options, int seed)
    {
        TorchRuntimeGuard();
        var storage = StorageType(options);
        CheckLayers(config, layers);
        using var generator = new Generator((ulong)seed);
        var blocks = new List<LmBlock>();
        foreach (var layer in layers)
        {
            var block = config.Family.CreateBlock(config, layer, storage);
            LmBlockLoader.InitRandom(block, generator);
            blocks.Add(block);
        }
        return new LmBlockStack(config, blocks, options, "random", "random", $"random:{seed}");
    }

    /// <summary>The config of a checkpoint, without loading any tensor.</summary>
    public static LmConfig ReadConfig(string source)
    {
        using var checkpoint = LmCheckpointLoader.Open(source);
        return checkpoint.Config;
    }

    /// <summary>Stops every parameter from requiring a gradient; gradients still flow through to the input.</summary>
    public void Freeze()
    {
        foreach (var p in parameters())
            p.requires_grad = false;
    }

    public override Tensor forward(Tensor hidden)
    {
        if (hidden.dim() != 3 || hidden.shape[2] != Config.HiddenSize)
            throw new ArgumentException(
                $"expected [batch, tokens, {Config.HiddenSize}] hidden states, got [{string.Join(", ", hidden.shape)}]", nameof(hidden));
        using var scope = torch.NewDisposeScope();
        var x = hidden;
        foreach (var block in Blocks)
            x = block.forward(x);
        if (_finalNorm is not null)
            x = _finalNorm.forward(x);
        return (ReferenceEquals(x, hidden) ? x.alias() : x).MoveToOuterDisposeScope();
    }

    private static void TorchRuntimeGuard() => Runtime.TorchRuntime.EnsureLoaded();

    private static ScalarType StorageType(LmLoadOptions options) => options.StorageDType.ToUpperInvariant() switch
    {
        "F32" => ScalarType.Float32,
        "BF16" => ScalarType.BFloat16,
        "F16" => ScalarType.Float16,
        _ => throw new UserInputException("--dtype", $"storage dtype '{options.StorageDType}' is not one of F32, BF16, F16"),
    };

    private static void CheckLayers(LmConfig config, IReadOnlyList<int> layers)
    {
        if (layers.Count == 0)
            throw new UserInputException("--layers", "at least one layer index is required");
        var seen = new HashSet<int>();
        foreach (var layer in layers)
        {
            if (layer < 0 || layer >= config.NumLayers)
                throw new UserInputException("--layers",
                    $"layer {layer} is out of range: the model has {config.NumLayers} layers (0..{config.NumLayers - 1})");
            if (!seen.Add(layer))
                throw new UserInputException("--layers", $"layer {layer} is listed twice");
        }
    }
}

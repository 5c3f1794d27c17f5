using FrozenLm.LanguageModels.Families;

namespace FrozenLm.LanguageModels;

/// <summary>
/// The shape of a language model's transformer blocks, bound from config.json / params.json / an ONNX graph.
/// Only what a single block needs; embeddings and heads are never built.
/// </summary>
public sealed record LmConfig
{
    /// <summary>The family that bound this config and builds its blocks.</summary>
    public required ILmFamily Family { get; init; }

    /// <summary>The raw <c>model_type</c> (e.g. "llama", "roberta").</summary>
    public required string ModelType { get; init; }

    public required int NumLayers { get; init; }
    public required int HiddenSize { get; init; }
    public required int NumHeads { get; init; }
    public required int NumKvHeads { get; init; }
    public required int FfnSize { get; init; }
    public required double NormEps { get; init; }

    /// <summary>Hugging Face activation name: silu, relu, gelu, gelu_new, gelu_pytorch_tanh, ...</summary>
    public required string Activation { get; init; }

    public int HeadDim { get; init; }

    /// <summary>Biases on q/k/v (qwen2, opt, gpt2, bert) and on the output projection (opt, gpt2, bert).</summary>
    public bool QkvBias { get; init; }
    public bool OutputBias { get; init; }
    public bool MlpBias { get; init; }

    /// <summary>Softmax scale of the attention logits when it is not 1/sqrt(head_dim) (Phi-3-small's muP scaling); null for the default.</summary>
    public double? AttentionScale { get; init; }

    /// <summary>Clamp limit of a gated activation's inputs (Phi-3-small's <c>gegelu_limit</c>); null for none.</summary>
    public double? ActivationLimit { get; init; }

    /// <summary>Pre-LN (norm before each sub-layer) or post-LN (BERT, OPT-350m with do_layer_norm_before=false).</summary>
    public bool PreNorm { get; init; } = true;

    /// <summary>Stored dtype as the checkpoint declares it (F32, F16, BF16).</summary>
    public string StoredDType { get; init; } = "F32";

    /// <summary>True for RMS-norm families (llama, mistral, qwen2): the paper appends a parameter-free RMS norm.</summary>
    public bool UsesRmsNorm => Family.NormKind == LmNormKind.Rms;

    /// <summary>The layer the LM stage uses when none is given (the family's default: the last).</summary>
    public int DefaultLayer => Family.DefaultLayer(this);
}

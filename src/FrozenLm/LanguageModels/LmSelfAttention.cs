using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels;

/// <summary>
/// Grouped-query self-attention (<c>self_attn</c>) over separate <c>q_proj</c>/<c>k_proj</c>/<c>v_proj</c> or a fused
/// <c>qkv_proj</c> (rows [q; k; v]) and an output projection, run bidirectionally through <see cref="LmAttention"/>.
/// </summary>
public sealed class LmSelfAttention : nn.Module
{
    private readonly (LmLinear Q, LmLinear K, LmLinear V)? _separate;
    private readonly LmLinear? _fused;
    private readonly LmLinear _output;
    private readonly int _heads;
    private readonly int _kvHeads;
    private readonly int _headDim;

    private LmSelfAttention(LmConfig config, ScalarType storage, bool fused, bool qkvBias, bool outputBias, string outputName)
        : base("self_attn")
    {
        (_heads, _kvHeads, _headDim) = (config.NumHeads, config.NumKvHeads, config.HeadDim);
        long h = config.HiddenSize, q = (long)_heads * _headDim, kv = (long)_kvHeads * _headDim;
        if (fused)
        {
            _fused = new LmLinear("qkv_proj", h, q + 2 * kv, qkvBias, storage);
            register_module("qkv_proj", _fused);
        }
        else
        {
            _separate = (new LmLinear("q_proj", h, q, qkvBias, storage), new LmLinear("k_proj", h, kv, qkvBias, storage),
                new LmLinear("v_proj", h, kv, qkvBias, storage));
            register_module("q_proj", _separate.Value.Q);
            register_module("k_proj", _separate.Value.K);
            register_module("v_proj", _separate.Value.V);
        }
        _output = new LmLinear(outputName, q, h, outputBias, storage);
        register_module(outputName, _output);
    }

    /// <summary>Separate q/k/v projections with the config's biases (llama, gemma, opt with <c>out_proj</c>).</summary>
    public static LmSelfAttention Separate(LmConfig config, ScalarType storage, string outputName = "o_proj") =>
        new(config, storage, fused: false, config.QkvBias, config.OutputBias, outputName);

    /// <summary>The fused, bias-free <c>qkv_proj</c> of Phi-3.</summary>
    public static LmSelfAttention Fused(LmConfig config, ScalarType storage) =>
        new(config, storage, fused: true, qkvBias: false, outputBias: false, "o_proj");

    /// <summary>Parameters of the separate or fused projections, with biases where <paramref name="config"/> asks.</summary>
    public static long ParameterCount(LmConfig config, bool withBiases = true)
    {
        long h = config.HiddenSize, q = (long)config.NumHeads * config.HeadDim, kv = (long)config.NumKvHeads * config.HeadDim;
        var biases = !withBiases ? 0 : (config.QkvBias ? q + 2 * kv : 0) + (config.OutputBias ? h : 0);
        return h * (q + 2 * kv) + q * h + biases;
    }

    /// <summary>The constructor registers the projections under their Hugging Face names; fields must not add more.</summary>
    protected override void RegisterComponents()
    {
    }

    /// <summary>x [B, T, H] -> [B, T, H]; reports "attn_probs" to <paramref name="capture"/> when set.</summary>
    public Tensor Forward(Tensor x, Tensor? keyMask, Action<string, Tensor>? capture)
    {
        using var scope = torch.NewDisposeScope();
        var context = _separate is { } p
            ? LmAttention.Attend(p.Q.forward(x), p.K.forward(x), p.V.forward(x), _heads, _kvHeads, _headDim, keyMask, capture)
            : LmAttention.AttendPacked(_fused!.forward(x), _heads, _kvHeads, _headDim, keyMask, capture); // [B, T, heads*hd]
        return _output.forward(context).MoveToOuterDisposeScope();
    }
}

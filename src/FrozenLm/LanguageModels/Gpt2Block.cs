using TorchSharp;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels;

/// <summary>
/// A GPT-2 block without causal mask or positions: pre-LayerNorm, fused <c>attn.c_attn</c> projection and Conv1D
/// weights stored [in, out], gelu_new MLP. Keys: <c>ln_1</c>, <c>attn.c_attn</c>, <c>attn.c_proj</c>, <c>ln_2</c>,
/// <c>mlp.c_fc</c>, <c>mlp.c_proj</c>.
/// </summary>
public sealed class Gpt2Block : LmBlock
{
    [ComponentName(Name = "ln_1")]
    private readonly LmLayerNorm _ln1;

    [ComponentName(Name = "attn")]
    private readonly Attention _attn;

    [ComponentName(Name = "ln_2")]
    private readonly LmLayerNorm _ln2;

    [ComponentName(Name = "mlp")]
    private readonly Mlp _mlp;

    public Gpt2Block(LmConfig config, int layerIndex, ScalarType storage)
        : base(nameof(Gpt2Block), config, layerIndex)
    {
        _ln1 = new LmLayerNorm("ln_1", config.HiddenSize, config.NormEps, storage);
        _attn = new Attention(config, storage);
        _ln2 = new LmLayerNorm("ln_2", config.HiddenSize, config.NormEps, storage);
        _mlp = new Mlp(config, storage);
        RegisterComponents();
    }

    /// <summary>Parameters of one layer under <paramref name="config"/>.</summary>
    public static long ParameterCount(LmConfig config)
    {
        long h = config.HiddenSize, f = config.FfnSize;
        return 3 * h * h + 3 * h + h * h + h + 2 * h * f + f + h + 4 * h;
    }

    public override Tensor forward(Tensor hidden) => forward(hidden, null);

    /// <summary>Runs the block; <paramref name="keyMask"/> [B, T] (true = attend) is optional.</summary>
    public Tensor forward(Tensor hidden, Tensor? keyMask) =>
        PreNormResidual(hidden, _ln1, x => _attn.Forward(x, keyMask, Capture), _ln2, _mlp);

    private sealed class Attention : nn.Module
    {
        [ComponentName(Name = "c_attn")]
        private readonly LmLinear _cAttn;

        [ComponentName(Name = "c_proj")]
        private readonly LmLinear _cProj;

        private readonly LmConfig _config;

        public Attention(LmConfig config, ScalarType storage)
            : base("attn")
        {
            _config = config;
            long h = config.HiddenSize;
            _cAttn = new LmLinear("c_attn", h, 3 * h, bias: true, storage, transposed: true);
            _cProj = new LmLinear("c_proj", h, h, bias: true, storage, transposed: true);
            RegisterComponents();
        }

        public Tensor Forward(Tensor x, Tensor? keyMask, Action<string, Tensor>? capture)
        {
            using var scope = torch.NewDisposeScope();
            var context = LmAttention.AttendPacked(_cAttn.forward(x), _config.NumHeads, _config.NumHeads, _config.HeadDim,
                keyMask, capture); // [B, T, H]
            return _cProj.forward(context).MoveToOuterDisposeScope();
        }
    }

    private sealed class Mlp : nn.Module<Tensor, Tensor>
    {
        [ComponentName(Name = "c_fc")]
        private readonly LmLinear _cFc;

        [ComponentName(Name = "c_proj")]
        private readonly LmLinear _cProj;

        private readonly string _activation;

        public Mlp(LmConfig config, ScalarType storage)
            : base("mlp")
        {
            _activation = config.Activation;
            _cFc = new LmLinear("c_fc", config.HiddenSize, config.FfnSize, bias: true, storage, transposed: true);
            _cProj = new LmLinear("c_proj", config.FfnSize, config.HiddenSize, bias: true, storage, transposed: true);
            RegisterComponents();
        }

        public override Tensor forward(Tensor x)
        {
            using var scope = torch.NewDisposeScope();
            return _cProj.forward(LmActivation.Apply(_activation, _cFc.forward(x))).MoveToOuterDisposeScope();
        }
    }
}

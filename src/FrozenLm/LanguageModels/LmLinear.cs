using FrozenLm.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels;

/// <summary>
/// A linear layer whose weights may be stored in a narrower dtype than the computation: weight [out, in] (Hugging Face
/// Linear) or, with <c>transposed</c>, [in, out] (GPT-2 Conv1D); parameters are cast to the input's dtype per call.
/// </summary>
public sealed class LmLinear : nn.Module<Tensor, Tensor>
{
    private readonly Parameter _weight;
    private readonly Parameter? _bias;
    private readonly bool _transposed;

    public LmLinear(string name, long inFeatures, long outFeatures, bool bias, ScalarType storage, bool transposed = false)
        : base(name)
    {
        _transposed = transposed;
        var shape = transposed ? new[] { inFeatures, outFeatures } : new[] { outFeatures, inFeatures };
        _weight = new Parameter(torch.empty(shape, storage));
        if (bias)
            _bias = new Parameter(torch.empty(outFeatures, storage));
        register_parameter("weight", _weight);
        if (_bias is not null)
            register_parameter("bias", _bias);
    }

    public Parameter Weight => _weight;
    public Parameter? Bias => _bias;

    public override Tensor forward(Tensor input)
    {
        using var scope = torch.NewDisposeScope();
        var w = _weight.to(input.dtype);
        var b = _bias?.to(input.dtype);
        var y = _transposed
            ? (b is null ? input.matmul(w) : input.matmul(w).add(b, Scalars.One))
            : nn.functional.linear(input, w, b);
        return y.MoveToOuterDisposeScope();
    }
}

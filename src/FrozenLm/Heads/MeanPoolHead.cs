using FrozenLm.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Heads;

/// <summary>
/// VideoMAE's classification head with mean pooling: the mean of the tokens [B, N, d], a LayerNorm (<c>fc_norm</c>,
/// eps 1e-6) and a linear map (<c>head</c>) to logits [B, classes]. Registered flat in its host; the linear layer is
/// initialised truncated normal (std 0.02) and then scaled, weight and bias, by <c>init_scale</c>.
/// </summary>
public sealed class MeanPoolHead : ModulePart
{
    private readonly LayerNorm _fcNorm;
    private readonly Linear _head;

    public MeanPoolHead(int dim, int classes, double initScale)
    {
        _fcNorm = AddModule("fc_norm", nn.LayerNorm(dim, eps: 1e-6));
        _head = AddModule("head", nn.Linear(dim, classes));
        Init.TruncNormal(_head.weight!, std: 0.02);
        using var _ = torch.no_grad();
        _head.bias!.zero_();
        using var scale = initScale.ToScalar();
        _head.weight!.mul_(scale);
    }

    /// <summary>Tokens [B, N, d] -> logits [B, classes].</summary>
    public Tensor Forward(Tensor tokens)
    {
        using var scope = torch.NewDisposeScope();
        return _head.forward(_fcNorm.forward(tokens.mean([1]))).MoveToOuterDisposeScope();
    }
}

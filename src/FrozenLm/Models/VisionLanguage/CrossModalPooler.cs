using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Models.VisionLanguage;

/// <summary>METER's pooler (BERT's): one token's features through <c>dense</c> and tanh: [B, T, d] -> [B, d].</summary>
public sealed class CrossModalPooler : nn.Module<Tensor, Tensor>
{
    private readonly Linear dense;
    private readonly int _token;

    /// <param name="dim">Feature width.</param>
    /// <param name="token">Index of the pooled token.</param>
    public CrossModalPooler(int dim, int token)
        : base(nameof(CrossModalPooler))
    {
        dense = nn.Linear(dim, dim);
        _token = token;
        RegisterComponents();
    }

    public override Tensor forward(Tensor features)
    {
        using var scope = torch.NewDisposeScope();
        return dense.forward(features.select(1, _token)).tanh().MoveToOuterDisposeScope();
    }
}

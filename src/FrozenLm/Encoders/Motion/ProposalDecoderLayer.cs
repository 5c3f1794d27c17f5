using FrozenLm.Flops;
using FrozenLm.Layers;
using FrozenLm.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Encoders.Motion;

/// <summary>
/// A pre-LN transformer decoder layer for the trajectory proposals: proposals attend to each other (<c>norm1</c>,
/// <c>self_attn</c>), then to a stage's memory tokens (<c>norm2</c>, <c>cross_attn</c>), then an MLP (<c>norm3</c>,
/// <c>mlp</c>), each with a residual. No positional term: permuting the proposals permutes the output.
/// </summary>
public sealed class ProposalDecoderLayer : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly LayerNorm norm1;
    private readonly Attention self_attn;
    private readonly LayerNorm norm2;
    private readonly CrossAttention cross_attn;
    private readonly LayerNorm norm3;
    private readonly Mlp mlp;

    public ProposalDecoderLayer(int dim, int heads, double mlpRatio)
        : base(nameof(ProposalDecoderLayer))
    {
        norm1 = nn.LayerNorm(dim);
        self_attn = new Attention(dim, heads);
        norm2 = nn.LayerNorm(dim);
        cross_attn = new CrossAttention(dim, heads);
        norm3 = nn.LayerNorm(dim);
        mlp = new Mlp(dim, (int)Math.Round(dim * mlpRatio));
        RegisterComponents();
    }

    /// <summary>FLOPs of <paramref name="proposals"/> proposals attending to themselves and to <paramref name="memory"/> memory tokens.</summary>
    public FlopCount Flops(long proposals, long memory) =>
        ModuleFlops.RowWise(self_attn, proposals) + cross_attn.Flops(proposals, memory) + ModuleFlops.RowWise(mlp, proposals);

    /// <summary>Proposals [B, M, d] after attending to <paramref name="memory"/> [B, S, d] where <paramref name="keyMask"/> [B, S] is true.</summary>
    public override Tensor forward(Tensor proposals, Tensor memory, Tensor keyMask)
    {
        using var scope = torch.NewDisposeScope();
        var x = proposals.add(self_attn.forward(norm1.forward(proposals)), Scalars.One);
        x = x.add(cross_attn.forward(norm2.forward(x), memory, keyMask), Scalars.One);
        x = x.add(mlp.forward(norm3.forward(x)), Scalars.One);
        return x.MoveToOuterDisposeScope();
    }
}

using FrozenLm.Flops;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Layers;

/// <summary>
/// Multi-head cross-attention (keys <c>q</c>, <c>kv</c>, <c>proj</c>): queries [B, Q, d] attend to memory [B, S, d],
/// only to the memory tokens a key mask [B, S] (true = may be attended to) marks.
/// </summary>
public sealed class CrossAttention : nn.Module<Tensor, Tensor, Tensor, Tensor>
{
    private readonly Linear q;
    private readonly Linear kv;
    private readonly Linear proj;
    private readonly int _heads;
    private readonly int _headDim;

    public CrossAttention(int dim, int heads)
        : base(nameof(CrossAttention))
    {
        if (heads <= 0 || dim % heads != 0)
            throw new UserInputException("--heads", $"{heads} heads do not divide the width {dim}");
        _heads = heads;
        _headDim = dim / heads;
        q = nn.Linear(dim, dim);
        kv = nn.Linear(dim, 2L * dim);
        proj = nn.Linear(dim, dim);
        RegisterComponents();
    }

    /// <summary>FLOPs of <paramref name="queries"/> queries attending to <paramref name="memory"/> tokens: projections and the weight-free products.</summary>
    public FlopCount Flops(long queries, long memory) =>
        ModuleFlops.RowWise(q, queries) + ModuleFlops.RowWise(kv, memory) + ModuleFlops.RowWise(proj, queries)
        + new FlopCount(0, 0, 4.0 * queries * memory * _heads * _headDim);

    public override Tensor forward(Tensor queries, Tensor memory, Tensor keyMask)
    {
        using var scope = torch.NewDisposeScope();
        var (b, n, c) = (queries.shape[0], queries.shape[1], queries.shape[2]);
        var s = memory.shape[1];
        var query = q.forward(queries).reshape(b, n, _heads, _headDim).transpose(1, 2);                   // [B, H, Q, hd]
        var parts = kv.forward(memory).reshape(b, s, 2, _heads, _headDim).permute(2, 0, 3, 1, 4);         // [2, B, H, S, hd]
        var y = nn.functional.scaled_dot_product_attention(query, parts[0], parts[1], keyMask.view(b, 1, 1, s), 0.0, false);
        return proj.forward(y.transpose(1, 2).reshape(b, n, c)).MoveToOuterDisposeScope();
    }
}

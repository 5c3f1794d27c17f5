using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Layers;

/// <summary>Multi-head self-attention over all tokens (no mask), timm key names <c>qkv</c> and <c>proj</c>.</summary>
public sealed class Attention : nn.Module<Tensor, Tensor>
{
    private readonly Linear qkv;
    private readonly Linear proj;
    private readonly int _heads;
    private readonly int _headDim;

    private readonly Scalar _scale;

    public Attention(int dim, int heads, bool qkvBias = true)
        : base(nameof(Attention))
    {
        if (heads <= 0 || dim % heads != 0)
            throw new UserInputException("--heads", $"{heads} heads do not divide the width {dim}");
        _heads = heads;
        _headDim = dim / heads;
        _scale = (1.0 / Math.Sqrt(_headDim)).ToScalar();
        qkv = nn.Linear(dim, 3L * dim, hasBias: qkvBias);
        proj = nn.Linear(dim, dim);
        RegisterComponents();
    }

    /// <summary>When set, forward computes the softmax weights explicitly and reports them as [B, heads, T, T].</summary>
    public Action<Tensor>? CaptureProbs { get; set; }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var (b, t, c) = (x.shape[0], x.shape[1], x.shape[2]);
        var parts = qkv.forward(x).reshape(b, t, 3, _heads, _headDim).permute(2, 0, 3, 1, 4); // [3, B, H, T, hd]
        var (q, k, v) = (parts[0], parts[1], parts[2]);                                         // [B, H, T, hd]
        Tensor y;
        if (CaptureProbs is { } capture)
        {
            var probs = q.mul(_scale).matmul(k.transpose(-2, -1)).softmax(-1); // [B, H, T, T]
            capture(probs);
            y = probs.matmul(v);
        }
        else
        {
            y = nn.functional.scaled_dot_product_attention(q, k, v);
        }
        y = y.transpose(1, 2).reshape(b, t, c);                                                   // [B, T, C]
        return proj.forward(y).MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
            _scale.Dispose();
        base.Dispose(disposing);
    }
}

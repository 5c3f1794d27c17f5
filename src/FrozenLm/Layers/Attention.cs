using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Layers;

/// <summary>
/// Multi-head self-attention, timm key names <c>qkv</c> and <c>proj</c>: every token attends to every token, or, while
/// <see cref="KeyMask"/> is set, to the tokens it marks (padding excluded).
/// </summary>
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

    public int Heads => _heads;
    public int HeadDim => _headDim;

    /// <summary>Width of the attended features (heads x head width).</summary>
    public int Width => _heads * _headDim;

    /// <summary>When set, forward computes the softmax weights explicitly and reports them as [B, heads, T, T].</summary>
    public Action<Tensor>? CaptureProbs { get; set; }

    /// <summary>When set, [B, T] bool (true = may be attended to): the keys every query may attend to.</summary>
    public Tensor? KeyMask { get; set; }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var (b, t, c) = (x.shape[0], x.shape[1], x.shape[2]);
        var parts = qkv.forward(x).reshape(b, t, 3, _heads, _headDim).permute(2, 0, 3, 1, 4); // [3, B, H, T, hd]
        var (q, k, v) = (parts[0], parts[1], parts[2]);                                         // [B, H, T, hd]
        var mask = KeyMask?.view(b, 1, 1, t);                                                   // [B, 1, 1, T]
        Tensor y;
        if (CaptureProbs is { } capture)
        {
            var scores = q.mul(_scale).matmul(k.transpose(-2, -1));          // [B, H, T, T]
            if (mask is not null)
                scores = torch.where(mask, scores, torch.tensor(float.NegativeInfinity));
            var probs = scores.softmax(-1);
            capture(probs);
            y = probs.matmul(v);
        }
        else
        {
            y = nn.functional.scaled_dot_product_attention(q, k, v, mask, 0.0, false);
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

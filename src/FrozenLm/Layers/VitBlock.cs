using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FrozenLm.Layers;

/// <summary>
/// A pre-LN ViT block: x + DropPath(attn(norm1(x))), then x + DropPath(mlp(norm2(x))); timm key names. timm's ViT uses
/// a qkv bias and LayerNorm eps 1e-6; Point-BERT's blocks have no qkv bias and PyTorch's eps 1e-5.
/// </summary>
public sealed class VitBlock : nn.Module<Tensor, Tensor>
{
    /// <summary>The alpha of the residual adds, held for the process: <c>x.add(y)</c> makes a temporary Scalar 1 that the
    /// finaliser can free while native code reads it (seen as "toFloat" failures in add_Tensor).</summary>
    private static readonly Scalar One = 1.0.ToScalar();

    private readonly LayerNorm norm1;
    private readonly Attention attn;
    private readonly DropPath drop_path;
    private readonly LayerNorm norm2;
    private readonly Mlp mlp;

    public VitBlock(int dim, int heads, double mlpRatio, double dropPath, bool qkvBias = true, double normEps = 1e-6)
        : base(nameof(VitBlock))
    {
        NormEps = normEps;
        norm1 = nn.LayerNorm(dim, eps: normEps);
        attn = new Attention(dim, heads, qkvBias);
        drop_path = new DropPath(dropPath);
        norm2 = nn.LayerNorm(dim, eps: normEps);
        mlp = new Mlp(dim, (int)Math.Round(dim * mlpRatio));
        RegisterComponents();
    }

    public Attention Attn => attn;

    /// <summary>The LayerNorms' epsilon.</summary>
    public double NormEps { get; }

    public override Tensor forward(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var h = x.add(drop_path.forward(attn.forward(norm1.forward(x))), One);
        return h.add(drop_path.forward(mlp.forward(norm2.forward(h))), One).MoveToOuterDisposeScope();
    }
}

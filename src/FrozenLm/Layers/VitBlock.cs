using FrozenLm.Tensors;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using FrozenLm.LanguageModels.Onnx;

namespace FrozenLm.Layers;

/// <summary>
/// A pre-LN ViT block: x + DropPath(attn(norm1(x))), then x + DropPath(mlp(norm2(x))); timm key names. timm's ViT uses
/// a qkv bias and LayerNorm eps 1e-6; Point-BERT's blocks have no qkv bias and PyTorch's eps 1e-5.
/// </summary>
public sealed class VitBlock : nn.Module<Tensor, Tensor>
{
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
        var h = x.add(drop_path.forward(attn.forward(norm1.forward(x))), Scalars.One);
        return h.add(drop_path.forward(mlp.forward(norm2.forward(h))), Scalars.One).MoveToOuterDisposeScope();
    }

    /// <summary>Writes the block into an ONNX graph on <paramref name="input"/> [B, T, d] (eval: no drop path); returns the output.</summary>
    public string EmitOnnx(OnnxGraphBuilder graph, string input, string prefix)
    {
        var w = new OnnxWeights(graph, this, prefix);
        long dim = (long)attn.Heads * attn.HeadDim;
        var qkv = graph.Nodes("Split", [w.Linear(w.LayerNorm(input, "norm1", NormEps), "attn.qkv"), graph.Ints(dim, dim, dim)],
            [prefix + "attn.q", prefix + "attn.k", prefix + "attn.v"], OnnxAttr.Int("axis", -1));
        var context = graph.Attention(qkv[0], qkv[1], qkv[2], attn.Heads, attn.Heads, attn.HeadDim, prefix + "attn");
        var x = graph.Node("Add", [input, w.Linear(context, "attn.proj")], prefix + "attn.residual");
        var hidden = graph.ErfGelu(w.Linear(w.LayerNorm(x, "norm2", NormEps), "mlp.fc1"), prefix + "mlp.act");
        return graph.Node("Add", [x, w.Linear(hidden, "mlp.fc2")], prefix + "mlp.residual");
    }
}

using FrozenLm.Tensors;
using FrozenLm.Layers;
using TorchSharp;
using static TorchSharp.torch;
using FrozenLm.LanguageModels.Onnx;

namespace FrozenLm.Encoders;

/// <summary>
/// Images -> tokens for a ViT: patch embedding (a strided conv), the CLS token prepended, the learned position
/// embedding added: [B, C, H, W] -> [B, 1 + N, d], CLS first. Registered flat in its host (timm keys
/// <c>patch_embed.proj.*</c>, <c>cls_token</c>, <c>pos_embed</c>). Init as the paper's image code (timm's ViT):
/// <c>pos_embed</c> truncated normal (std 0.02), <c>cls_token</c> normal (std 1e-6), the conv PyTorch's default.
/// </summary>
public sealed class ImageTokenEncoder : ModulePart
{
    private readonly PatchEmbedding _patchEmbed;

    public ImageTokenEncoder(int channels, int dim, int patchSize, int imageSize)
    {
        _patchEmbed = AddModule("patch_embed", new PatchEmbedding(channels, dim, patchSize, imageSize));
        var cls = nn.Parameter(torch.zeros(1, 1, dim));
        var pos = nn.Parameter(torch.zeros(1, _patchEmbed.NumPatches + 1, dim));
        using (torch.no_grad())
            cls.normal_(0.0, 1e-6);
        Init.TruncNormal(pos, std: 0.02);
        AddParameter("cls_token", cls);
        AddParameter("pos_embed", pos);
    }

    /// <summary>Tokens per image: patches + CLS.</summary>
    public int NumTokens => _patchEmbed.NumPatches + 1;

    /// <summary>The patch projection (key <c>patch_embed</c>).</summary>
    public PatchEmbedding PatchEmbed => _patchEmbed;

    /// <summary>[B, C, H, W] -> [B, 1 + N, d].</summary>
    public Tensor Encode(Tensor images)
    {
        using var scope = torch.NewDisposeScope();
        var x = _patchEmbed.forward(images);                                         // [B, N, d]
        var cls = GetParameter("cls_token").expand(x.shape[0], -1, -1);              // [B, 1, d]
        return torch.cat([cls, x], 1).add(GetParameter("pos_embed"), Scalars.One)                 // [B, 1 + N, d]
            .MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Writes the encoder into an ONNX graph: <paramref name="images"/> [B, C, H, W] -> [B, 1 + N, d]; its parameters
    /// come from the host's <paramref name="weights"/> (<c>patch_embed.proj.*</c>, <c>cls_token</c>, <c>pos_embed</c>).
    /// </summary>
    public string EmitOnnx(OnnxGraphBuilder graph, string images, OnnxWeights weights)
    {
        var p = (long)_patchEmbed.PatchSize;
        var grid = graph.Node("Conv", [images, weights["patch_embed.proj.weight"], weights["patch_embed.proj.bias"]],
            "patch_embed.proj.out", OnnxAttr.Ints("kernel_shape", p, p), OnnxAttr.Ints("strides", p, p)); // [B, d, G, G]
        var patches = graph.Node("Transpose", [graph.Node("Reshape", [grid, graph.Ints(0, 0, -1)], "patch_embed.flat")],
            "patch_embed.tokens", OnnxAttr.Ints("perm", 0, 2, 1));                                         // [B, N, d]
        var batch = graph.Node("Shape", [images], "batch_size", OnnxAttr.Int("start", 0), OnnxAttr.Int("end", 1));
        var clsShape = graph.Node("Concat", [batch, graph.Ints(1, 1)], "cls_shape", OnnxAttr.Int("axis", 0));
        var cls = graph.Node("Expand", [weights["cls_token"], clsShape], "cls_tokens");                   // [B, 1, d]
        var tokens = graph.Node("Concat", [cls, patches], "tokens", OnnxAttr.Int("axis", 1));
        return graph.Node("Add", [tokens, weights["pos_embed"]], "embedded");                              // [B, 1 + N, d]
    }
}

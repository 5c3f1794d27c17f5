using FrozenLm.Tensors;
using FrozenLm.Layers;
using TorchSharp;
using static TorchSharp.torch;

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

    /// <summary>[B, C, H, W] -> [B, 1 + N, d].</summary>
    public Tensor Encode(Tensor images)
    {
        using var scope = torch.NewDisposeScope();
        var x = _patchEmbed.forward(images);                                         // [B, N, d]
        var cls = GetParameter("cls_token").expand(x.shape[0], -1, -1);              // [B, 1, d]
        return torch.cat([cls, x], 1).add(GetParameter("pos_embed"), Scalars.One)                 // [B, 1 + N, d]
            .MoveToOuterDisposeScope();
    }
}

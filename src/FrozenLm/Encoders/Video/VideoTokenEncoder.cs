using FrozenLm.Tensors;
using FrozenLm.Layers;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Encoders.Video;

/// <summary>
/// Clips -> tokens for a video ViT as VideoMAE: tubelet embedding, plus the position embedding (the fixed sinusoid
/// table, a non-persistent buffer, or a learned parameter initialised truncated normal 0.02), no CLS token:
/// [B, C, T, H, W] -> [B, N, d]. Registered flat in its host (keys <c>patch_embed.proj.*</c>, <c>pos_embed</c>).
/// </summary>
public sealed class VideoTokenEncoder : ModulePart
{
    private readonly TubeletEmbedding _patchEmbed;
    private readonly bool _learned;

    public VideoTokenEncoder(VideoVitConfig config)
    {
        _patchEmbed = AddModule("patch_embed", new TubeletEmbedding(config.Channels, config.Dim, config.Frames,
            config.ImageSize, config.TubeletSize, config.PatchSize));
        _learned = config.LearnedPosition;
        if (_learned)
        {
            var pos = nn.Parameter(torch.zeros(1, _patchEmbed.NumTokens, config.Dim));
            Init.TruncNormal(pos, std: 0.02);
            AddParameter("pos_embed", pos);
        }
        else
        {
            FixedTable = SinusoidPositionTable.Create(_patchEmbed.NumTokens, config.Dim);
        }
    }

    /// <summary>The fixed table [1, N, d] the host registers as a non-persistent buffer; null when learned.</summary>
    public Tensor? FixedTable { get; }

    public TubeletEmbedding PatchEmbed => _patchEmbed;

    public int NumTokens => _patchEmbed.NumTokens;

    /// <summary>[B, C, T, H, W] -> [B, N, d].</summary>
    public Tensor Encode(Tensor clips)
    {
        using var scope = torch.NewDisposeScope();
        var x = _patchEmbed.forward(clips);                                          // [B, N, d]
        var pos = _learned ? GetParameter("pos_embed") : Host.get_buffer("pos_embed")!;
        return x.add(pos, Scalars.One).MoveToOuterDisposeScope();
    }
}

using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Text;

/// <summary>
/// A batch of tokenised texts padded to its longest member: token ids [n, L] ([CLS] first, [PAD] = 0 after the text) and
/// the attention mask [n, L] (1 = a real token, 0 = padding).
/// </summary>
public sealed record TokenizedText(long[,] InputIds, long[,] AttentionMask)
{
    public int Count => InputIds.GetLength(0);

    /// <summary>L, the padded length.</summary>
    public int Length => InputIds.GetLength(1);

    /// <summary>The number of real tokens of text <paramref name="index"/>.</summary>
    public int TokenCount(int index)
    {
        var n = 0;
        for (var j = 0; j < Length; j++)
            n += (int)AttentionMask[index, j];
        return n;
    }

    /// <summary>The ids as an int64 tensor [n, L] on <paramref name="device"/>.</summary>
    public Tensor IdsTensor(Device device) => torch.tensor(InputIds, device: device);

    /// <summary>The attention mask as an int64 tensor [n, L] on <paramref name="device"/>.</summary>
    public Tensor MaskTensor(Device device) => torch.tensor(AttentionMask, device: device);
}

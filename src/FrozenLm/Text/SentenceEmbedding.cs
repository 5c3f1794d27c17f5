using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Text;

/// <summary>
/// Sentence embeddings as the packages define them: the model's pooling (<see cref="SentencePooling"/>) of the last
/// hidden state, then L2 normalisation (norm floored at 1e-12).
/// </summary>
public static class SentenceEmbedding
{
    private static readonly Scalar NormFloor = 1e-12.ToScalar();

    /// <summary>hidden [B, L, H] and mask [B, L] -> unit vectors [B, H].</summary>
    public static Tensor Pool(Tensor hidden, Tensor mask, SentencePooling pooling)
    {
        using var scope = torch.NewDisposeScope();
        var pooled = pooling switch
        {
            SentencePooling.Mean => TextEncoder.MeanPool(hidden, mask),
            SentencePooling.Cls => hidden.select(1, 0),
            _ => throw new ArgumentOutOfRangeException(nameof(pooling), pooling, null),
        }; // [B, H]
        var norm = pooled.norm(1, keepdim: true).clamp_min(NormFloor); // [B, 1]
        return (pooled / norm).MoveToOuterDisposeScope();
    }

    /// <summary>Tokenises, encodes (no gradient) and pools <paramref name="texts"/> in batches -> [n, H] float32 on CPU.</summary>
    public static Tensor Encode(TextEncoder encoder, TextTokenizer tokenizer, IReadOnlyList<string> texts, int? maxLength = null,
        int batchSize = 32)
    {
        using var noGrad = torch.no_grad();
        var device = encoder.parameters().First().device;
        var parts = new List<Tensor>();
        try
        {
            for (var start = 0; start < texts.Count; start += batchSize)
            {
                using var scope = torch.NewDisposeScope();
                var batch = tokenizer.Encode(texts.Skip(start).Take(batchSize).ToList(), maxLength);
                var ids = batch.IdsTensor(device);
                var mask = batch.MaskTensor(device);
                var pooled = Pool(encoder.forward(ids, mask), mask, encoder.Model.Pooling).cpu();
                parts.Add(pooled.MoveToOuterDisposeScope());
            }
            return torch.cat(parts, 0);
        }
        finally
        {
            foreach (var p in parts)
                p.Dispose();
        }
    }
}

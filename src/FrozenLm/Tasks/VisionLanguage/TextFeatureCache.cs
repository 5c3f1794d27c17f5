using FrozenLm.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tasks.VisionLanguage;

/// <summary>
/// A frozen text encoder's hidden states per distinct text, computed once (no gradients, batches of 128) and kept on
/// the CPU without padding; <see cref="Batch"/> pads a batch's texts to its longest with a mask. Exact, because the
/// frozen encoder's output for a text depends neither on the batch nor on padding.
/// </summary>
public sealed class TextFeatureCache : IDisposable
{
    private const int EncodeBatch = 128;
    private readonly TextEncoder _encoder;
    private readonly TextTokenizer _tokenizer;
    private readonly int? _maxLength;
    private readonly Device _device;
    private readonly Dictionary<string, Tensor> _features = new(StringComparer.Ordinal);

    public TextFeatureCache(TextEncoder encoder, TextTokenizer tokenizer, int? maxLength, Device device)
    {
        _encoder = encoder;
        _tokenizer = tokenizer;
        _maxLength = maxLength;
        _device = device;
    }

    public int Count => _features.Count;

    /// <summary>Encodes the texts not cached yet.</summary>
    public void Add(IEnumerable<string> texts)
    {
        var missing = texts.Where(t => !_features.ContainsKey(t)).Distinct(StringComparer.Ordinal).ToList();
        using var _ = torch.no_grad();
        for (var start = 0; start < missing.Count; start += EncodeBatch)
        {
            using var scope = torch.NewDisposeScope();
            var chunk = missing.GetRange(start, Math.Min(EncodeBatch, missing.Count - start));
            var tokens = _tokenizer.Encode(chunk, _maxLength);
            var hidden = _encoder.forward(tokens.IdsTensor(_device), tokens.MaskTensor(_device)).cpu(); // [n, L, H]
            for (var i = 0; i < chunk.Count; i++)
                _features[chunk[i]] = hidden[i].narrow(0, 0, tokens.TokenCount(i)).clone().DetachFromDisposeScope();
        }
    }

    /// <summary>Hidden states [B, L, H] (zeros after each text's end) and mask [B, L] (int64, 1 = token) on <paramref name="device"/>.</summary>
    public (Tensor Hidden, Tensor Mask) Batch(IReadOnlyList<string> texts, Device device)
    {
        Add(texts);
        using var scope = torch.NewDisposeScope();
        var parts = texts.Select(t => _features[t]).ToList();
        var length = parts.Max(p => p.shape[0]);
        var mask = new long[texts.Count, length];
        var padded = new List<Tensor>();
        for (var i = 0; i < parts.Count; i++)
        {
            var n = parts[i].shape[0];
            for (var j = 0; j < n; j++)
                mask[i, j] = 1;
            padded.Add(n == length ? parts[i] : nn.functional.pad(parts[i], [0, 0, 0, length - n]));
        }
        var hidden = torch.stack(padded).to(device);                                         // [B, L, H]
        return (hidden.MoveToOuterDisposeScope(), torch.tensor(mask, device: device).MoveToOuterDisposeScope());
    }

    public void Dispose()
    {
        foreach (var t in _features.Values)
            t.Dispose();
        _features.Clear();
    }
}

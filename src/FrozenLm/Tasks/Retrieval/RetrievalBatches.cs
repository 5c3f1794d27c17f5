using FrozenLm.Data.VisionLanguage;
using FrozenLm.Runtime;
using FrozenLm.Tasks.Vqa;
using TorchSharp;

namespace FrozenLm.Tasks.Retrieval;

/// <summary>
/// Batches of a retrieval split, images read at the model's size and normalised as the VQA task's
/// (<see cref="VqaBatches.Mean"/>, <see cref="VqaBatches.Std"/>; no augmentation). Training: every image once per epoch,
/// in a permutation keyed by (seed, epoch), with one of its captions drawn by (seed, epoch, image); evaluation: the
/// gallery in order with all the captions of each image.
/// </summary>
public sealed class RetrievalBatches
{
    private readonly RetrievalSplit _split;
    private readonly int _imageSize;
    private readonly int _batchSize;
    private readonly bool _train;
    private readonly int _seed;
    private readonly bool _dropLast;

    public RetrievalBatches(RetrievalSplit split, int imageSize, int batchSize, bool train, int seed, bool dropLast)
    {
        _split = split;
        _imageSize = imageSize;
        _batchSize = batchSize;
        _train = train;
        _seed = seed;
        _dropLast = dropLast;
    }

    public RetrievalSplit Split => _split;

    public int BatchesPerEpoch => _dropLast ? _split.ImageCount / _batchSize : (_split.ImageCount + _batchSize - 1) / _batchSize;

    public IEnumerable<RetrievalTaskBatch> Epoch(int epoch)
    {
        var order = Enumerable.Range(0, _split.ImageCount).ToArray();
        if (_train)
            new Random(Seeding.Derive(_seed, $"retrieval-order:{epoch}")).Shuffle(order);
        for (var b = 0; b < BatchesPerEpoch; b++)
        {
            var indices = order.Skip(b * _batchSize).Take(_batchSize).ToArray();
            var texts = new List<string>();
            var textImage = new List<int>();
            for (var i = 0; i < indices.Length; i++)
            {
                var captions = _split.Captions[indices[i]];
                if (_train)
                {
                    texts.Add(captions[new Random(Seeding.Derive(_seed, $"retrieval-caption:{epoch}:{indices[i]}")).Next(captions.Count)]);
                    textImage.Add(i);
                }
                else
                {
                    texts.AddRange(captions);
                    textImage.AddRange(Enumerable.Repeat(i, captions.Count));
                }
            }
            yield return new RetrievalTaskBatch(Images(_split.Images, indices, _imageSize), indices, texts, textImage.ToArray());
        }
    }

    /// <summary>Images <paramref name="indices"/> of <paramref name="images"/>, normalised: [n, 3, size, size].</summary>
    public static TorchSharp.torch.Tensor Images(IVqaImages images, int[] indices, int size)
    {
        var plane = 3 * size * size;
        var pixels = new float[indices.Length * plane];
        Parallel.For(0, indices.Length, i =>
        {
            var image = images.Read(indices[i], size);
            for (var p = 0; p < plane; p++)
                pixels[i * plane + p] = (image[p] - VqaBatches.Mean) / VqaBatches.Std;
        });
        return torch.tensor(pixels, [indices.Length, 3, size, size]);
    }
}

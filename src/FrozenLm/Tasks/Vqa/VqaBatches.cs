using FrozenLm.Data.VisionLanguage;
using FrozenLm.Runtime;
using TorchSharp;

namespace FrozenLm.Tasks.Vqa;

/// <summary>
/// Batches of a VQA split: images read at the model's size and normalised with mean 0.5 and std 0.5 per channel (no
/// augmentation: a flip would swap left and right), soft targets over the answer vocabulary. Training order is a
/// permutation keyed by (seed, epoch); evaluation keeps the split's order.
/// </summary>
public sealed class VqaBatches
{
    public const float Mean = 0.5f;
    public const float Std = 0.5f;

    private readonly VqaSplit _split;
    private readonly AnswerVocabulary _answers;
    private readonly IReadOnlyList<string> _families;
    private readonly int _imageSize;
    private readonly int _batchSize;
    private readonly bool _train;
    private readonly int _seed;
    private readonly bool _dropLast;

    public VqaBatches(VqaSplit split, AnswerVocabulary answers, IReadOnlyList<string> families, int imageSize, int batchSize,
        bool train, int seed, bool dropLast)
    {
        _split = split;
        _answers = answers;
        _families = families;
        _imageSize = imageSize;
        _batchSize = batchSize;
        _train = train;
        _seed = seed;
        _dropLast = dropLast;
    }

    public int BatchesPerEpoch => _dropLast ? _split.Samples.Count / _batchSize : (_split.Samples.Count + _batchSize - 1) / _batchSize;

    public IEnumerable<VqaTaskBatch> Epoch(int epoch)
    {
        var order = Enumerable.Range(0, _split.Samples.Count).ToArray();
        if (_train)
            new Random(Seeding.Derive(_seed, $"vqa-order:{epoch}")).Shuffle(order);
        for (var b = 0; b < BatchesPerEpoch; b++)
            yield return Build(order.Skip(b * _batchSize).Take(_batchSize).ToArray());
    }

    /// <summary>The batch of samples <paramref name="indices"/>.</summary>
    public VqaTaskBatch Build(int[] indices)
    {
        var plane = 3 * _imageSize * _imageSize;
        var pixels = new float[indices.Length * plane];
        Parallel.For(0, indices.Length, i =>
        {
            var image = _split.Images.Read(_split.Samples[indices[i]].Image, _imageSize);
            for (var p = 0; p < plane; p++)
                pixels[i * plane + p] = (image[p] - Mean) / Std;
        });
        var targets = new float[indices.Length * _answers.Count];
        var families = new int[indices.Length];
        var questions = new string[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            var sample = _split.Samples[indices[i]];
            foreach (var (answer, score) in sample.Scores)
                if (_answers.IndexOf(answer) is var k and >= 0)
                    targets[i * _answers.Count + k] = (float)score;
            families[i] = IndexOfFamily(sample.Family);
            questions[i] = sample.Question;
        }
        return new VqaTaskBatch(torch.tensor(pixels, [indices.Length, 3, _imageSize, _imageSize]),
            torch.tensor(targets, [indices.Length, _answers.Count]), questions, families, indices);
    }

    private int IndexOfFamily(string family)
    {
        for (var i = 0; i < _families.Count; i++)
            if (_families[i] == family)
                return i;
        return -1;
    }
}

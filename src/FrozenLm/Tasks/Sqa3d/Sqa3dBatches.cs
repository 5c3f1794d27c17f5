using FrozenLm.Data.Sqa3d;
using FrozenLm.Data.VisionLanguage;
using FrozenLm.Runtime;
using TorchSharp;

namespace FrozenLm.Tasks.Sqa3d;

/// <summary>
/// Batches of a 3D QA split: each question's scene (with its points' object segments when it has them) resampled to the model's point count (all points in file order when
/// the scene has exactly that many; otherwise a subset, or repeats, drawn from a stream keyed by the sample, and in
/// training also by the epoch), answer indices and situation targets. With the scene-shuffled control every question
/// reads the scene of the question after it in a fixed random cycle over the split. Training order is a permutation
/// keyed by (seed, epoch); evaluation keeps the split's order.
/// </summary>
public sealed class Sqa3dBatches
{
    private readonly Sqa3dSplit _split;
    private readonly AnswerVocabulary _answers;
    private readonly IReadOnlyList<string> _families;
    private readonly int _points;
    private readonly int _batchSize;
    private readonly bool _train;
    private readonly int _seed;
    private readonly bool _dropLast;
    private readonly int[] _sceneOf;

    public Sqa3dBatches(Sqa3dSplit split, AnswerVocabulary answers, IReadOnlyList<string> families, int points, int batchSize,
        bool train, int seed, bool dropLast, bool shuffleScenes)
    {
        _split = split;
        _answers = answers;
        _families = families;
        _points = points;
        _batchSize = batchSize;
        _train = train;
        _seed = seed;
        _dropLast = dropLast;
        _sceneOf = shuffleScenes ? ShuffledPartners(split.Samples.Count, Seeding.Derive(seed, $"3dqa-shuffle:{split.Name}"))
            : Enumerable.Range(0, split.Samples.Count).ToArray();
    }

    public int BatchesPerEpoch => _dropLast ? _split.Samples.Count / _batchSize : (_split.Samples.Count + _batchSize - 1) / _batchSize;

    /// <summary>Per sample, the sample whose scene it reads (itself without the control).</summary>
    public IReadOnlyList<int> SceneSource => _sceneOf;

    public IEnumerable<Sqa3dTaskBatch> Epoch(int epoch)
    {
        var order = Enumerable.Range(0, _split.Samples.Count).ToArray();
        if (_train)
            new Random(Seeding.Derive(_seed, $"3dqa-order:{epoch}")).Shuffle(order);
        for (var b = 0; b < BatchesPerEpoch; b++)
            yield return Build(order.Skip(b * _batchSize).Take(_batchSize).ToArray(), epoch);
    }

    /// <summary>The batch of samples <paramref name="indices"/>.</summary>
    public Sqa3dTaskBatch Build(int[] indices, int epoch = 0)
    {
        const int c = ScenePoints.Channels;
        var scenes = new float[indices.Length * _points * c];
        var answers = new long[indices.Length];
        var poses = new float[indices.Length * AgentPose.TargetSize];
        var families = new int[indices.Length];
        var situations = new string[indices.Length];
        var questions = new string[indices.Length];
        var segments = new long[indices.Length * _points];
        var segmented = true;
        Parallel.For(0, indices.Length, i =>
        {
            var scene = _split.Scenes[_split.Samples[_sceneOf[indices[i]]].SceneId];
            if (scene.Segments is null)
                segmented = false;
            var key = _train ? $"3dqa-points:{epoch}:{indices[i]}" : $"3dqa-points:{indices[i]}";
            Resample(scene, _points, new Random(Seeding.Derive(_seed, key)), scenes.AsSpan(i * _points * c, _points * c),
                segments.AsSpan(i * _points, _points));
        });
        for (var i = 0; i < indices.Length; i++)
        {
            var sample = _split.Samples[indices[i]];
            answers[i] = _answers.IndexOf(sample.Answer);
            sample.Pose.Target().CopyTo(poses, i * AgentPose.TargetSize);
            families[i] = IndexOfFamily(sample.Family);
            situations[i] = sample.Situation;
            questions[i] = sample.Question;
        }
        return new Sqa3dTaskBatch(torch.tensor(scenes, [indices.Length, _points, c]),
            segmented ? torch.tensor(segments, [indices.Length, _points]) : null, torch.tensor(answers),
            torch.tensor(poses, [indices.Length, AgentPose.TargetSize]), situations, questions, families, indices);
    }

    /// <summary>
    /// Writes <paramref name="points"/> points of <paramref name="scene"/> into <paramref name="target"/>, and their
    /// segment ids into <paramref name="segments"/> when it is not empty (<see cref="ScenePoints.NoSegment"/> for a scene
    /// without segments): all of them in order when the counts match, a random subset without repeats when the scene
    /// has more, all plus random repeats when fewer.
    /// </summary>
    public static void Resample(ScenePoints scene, int points, Random rng, Span<float> target, Span<long> segments = default)
    {
        const int c = ScenePoints.Channels;
        var n = scene.Count;
        int[] picks;
        if (n == points)
        {
            picks = Enumerable.Range(0, n).ToArray();
        }
        else if (n > points)
        {
            var all = Enumerable.Range(0, n).ToArray();
            for (var i = 0; i < points; i++)
            {
                var j = rng.Next(i, n);
                (all[i], all[j]) = (all[j], all[i]);
            }
            picks = all[..points];
        }
        else
        {
            picks = Enumerable.Range(0, points).Select(i => i < n ? i : rng.Next(n)).ToArray();
        }
        for (var i = 0; i < points; i++)
            scene.Values.AsSpan(picks[i] * c, c).CopyTo(target.Slice(i * c, c));
        if (segments.IsEmpty)
            return;
        for (var i = 0; i < points; i++)
            segments[i] = scene.Segments is { } ids ? ids[picks[i]] : ScenePoints.NoSegment;
    }

    /// <summary>A random cycle over <paramref name="count"/> samples: each points to the next in it, none to itself (when count > 1).</summary>
    public static int[] ShuffledPartners(int count, int seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        var partner = new int[count];
        for (var i = 0; i < count; i++)
            partner[order[i]] = order[(i + 1) % count];
        return partner;
    }

    private int IndexOfFamily(string family)
    {
        for (var i = 0; i < _families.Count; i++)
            if (_families[i] == family)
                return i;
        return -1;
    }
}

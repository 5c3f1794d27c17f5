using FrozenLm.FrozenStage;
using FrozenLm.Runtime;

namespace FrozenLm.Analysis;

/// <summary>
/// Scores captured per-token maps (magnitude and frequency per capture point, attention per block) against each
/// sample's object-token mask, with a seeded random map as the chance level, and fills a <see cref="FilteringReport"/>.
/// </summary>
public sealed class TokenMapScores
{
    private readonly Dictionary<string, (MapScoreAccumulator Magnitude, MapScoreAccumulator Frequency)> _points = new();
    private readonly Dictionary<string, MapScoreAccumulator> _attention = new();
    private readonly MapScoreAccumulator _chance = new();
    private readonly Random _chanceRng;
    private double _objectFraction;

    public TokenMapScores(int seed) => _chanceRng = new Random(Seeding.Derive(seed, "explain/chance"));

    /// <summary>Samples scored (their mask covered some but not all tokens).</summary>
    public int Scored { get; private set; }

    /// <summary>Samples skipped because their mask covered none or all of the tokens.</summary>
    public int Skipped { get; private set; }

    /// <summary>
    /// Scores sample <paramref name="sample"/> of a batch whose maps hold <paramref name="tokens"/> values per sample
    /// (<c>maps[key]</c> is [batch x tokens], keys as <see cref="CapturedMaps"/> names them); false when skipped.
    /// </summary>
    public bool Add(IReadOnlyDictionary<string, float[]> maps, int sample, int tokens, bool[] truth)
    {
        var objectTokens = truth.Count(t => t);
        if (objectTokens == 0 || objectTokens == truth.Length)
        {
            Skipped++;
            return false;
        }
        Scored++;
        _objectFraction += (double)objectTokens / truth.Length;
        _chance.Add(RandomMap(_chanceRng, truth.Length), truth);
        foreach (var (key, values) in maps)
        {
            var map = values.AsSpan(sample * tokens, tokens);
            var (point, kind) = CapturedMaps.Split(key);
            if (kind == "attn")
            {
                if (!_attention.TryGetValue(point, out var acc))
                    _attention[point] = acc = new MapScoreAccumulator();
                acc.Add(map, truth);
                continue;
            }
            if (!_points.TryGetValue(point, out var pair))
                _points[point] = pair = (new MapScoreAccumulator(), new MapScoreAccumulator());
            (kind == "magnitude" ? pair.Magnitude : pair.Frequency).Add(map, truth);
        }
        return true;
    }

    /// <summary><paramref name="report"/> with its counts, per-point and attention scores, object fraction and chance level.</summary>
    public FilteringReport Fill(FilteringReport report) => report with
    {
        Images = Scored,
        SkippedImages = Skipped,
        Points = CapturePoints.Features.Where(_points.ContainsKey).ToDictionary(p => p, p => new FilteringPointScores(
            _points[p].Magnitude.MeanIoU, _points[p].Frequency.MeanIoU, _points[p].Magnitude.MeanAuroc, _points[p].Frequency.MeanAuroc)),
        AttentionMiou = _attention.ToDictionary(a => a.Key, a => a.Value.MeanIoU),
        AttentionAuroc = _attention.ToDictionary(a => a.Key, a => a.Value.MeanAuroc),
        ObjectTokenFraction = Scored == 0 ? null : _objectFraction / Scored,
        ChanceMiou = _chance.MeanIoU,
    };

    /// <summary>A uniform random map, min-max normalised like the real ones: the chance level of the oracle protocol.</summary>
    public static float[] RandomMap(Random rng, int length)
    {
        var map = new float[length];
        for (var i = 0; i < length; i++)
            map[i] = rng.NextSingle();
        float min = map.Min(), max = map.Max();
        for (var i = 0; i < length; i++)
            map[i] = max > min ? (map[i] - min) / (max - min) : 0f;
        return map;
    }
}

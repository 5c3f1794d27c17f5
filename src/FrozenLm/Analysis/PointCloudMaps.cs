namespace FrozenLm.Analysis;

/// <summary>
/// The filtering maps of one batch of clouds: the group centres ([B * G * 3], row-major, in input coordinates) and
/// per-group maps keyed "point/magnitude", "point/frequency", "source/attn" ([B * G] each, value g of cloud b belongs to
/// centre g, i.e. token g + 1 after CLS).
/// </summary>
public sealed record PointCloudMaps(float[] Centres, int Groups, IReadOnlyDictionary<string, float[]> Maps)
{
    /// <summary>Centres of cloud <paramref name="b"/>, [G * 3].</summary>
    public float[] CentresOf(int b) => Centres.AsSpan(b * Groups * 3, Groups * 3).ToArray();

    /// <summary>Map <paramref name="key"/> of cloud <paramref name="b"/>, [G].</summary>
    public float[] MapOf(string key, int b) => Maps[key].AsSpan(b * Groups, Groups).ToArray();
}

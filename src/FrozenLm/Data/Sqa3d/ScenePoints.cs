namespace FrozenLm.Data.Sqa3d;

/// <summary>
/// One scene's points as the 3D QA model reads them: [Count, 6] floats, x y z then r g b in [0, 1] (grey 0.5 when the
/// source has no colour), in the scene's normalised frame; and, when the source gives them, per point the object it
/// belongs to (<see cref="Segments"/>: -1 = none, such as the floor, else the object's index in its scene).
/// </summary>
public sealed record ScenePoints(string Id, float[] Values, int[]? Segments = null)
{
    public const int Channels = 6;

    /// <summary>The segment id of a point that belongs to no object.</summary>
    public const int NoSegment = -1;

    public int Count => Values.Length / Channels;

    /// <summary>
    /// Centres the scene on the middle of its bounding box and scales it so its largest half-extent is 1 (the frame
    /// SQA3D's visualiser centres scenes in, plus the scale); returns the centre and scale so poses can follow.
    /// </summary>
    public static (double Cx, double Cy, double Cz, double Scale) Normalise(float[] values)
    {
        var n = values.Length / Channels;
        var lo = new[] { double.MaxValue, double.MaxValue, double.MaxValue };
        var hi = new[] { double.MinValue, double.MinValue, double.MinValue };
        for (var i = 0; i < n; i++)
            for (var c = 0; c < 3; c++)
            {
                lo[c] = Math.Min(lo[c], values[i * Channels + c]);
                hi[c] = Math.Max(hi[c], values[i * Channels + c]);
            }
        var centre = Enumerable.Range(0, 3).Select(c => (lo[c] + hi[c]) / 2).ToArray();
        var half = Enumerable.Range(0, 3).Max(c => (hi[c] - lo[c]) / 2);
        var scale = half > 1e-12 ? 1 / half : 1;
        for (var i = 0; i < n; i++)
            for (var c = 0; c < 3; c++)
                values[i * Channels + c] = (float)((values[i * Channels + c] - centre[c]) * scale);
        return (centre[0], centre[1], centre[2], scale);
    }
}

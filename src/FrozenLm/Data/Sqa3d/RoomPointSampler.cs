using FrozenLm.Data.PointClouds;

namespace FrozenLm.Data.Sqa3d;

/// <summary>
/// A room as a coloured point cloud, [points, 6] (xyz then rgb in [0, 1]), z up: a fifth of the points on the grey
/// floor ([-1, 1]^2 at z = 0), the rest on the objects' surfaces in proportion to their footprint area. Each object is
/// its shape class's surface (<see cref="ShapeSurfaces"/>, y up turned to z up) turned by a random yaw, scaled to its
/// radius and stood on the floor; colours get a ±0.04 jitter and positions 0.005 gaussian noise; the points are shuffled.
/// Each point's segment is the index of its object in the room (<see cref="ScenePoints.NoSegment"/> on the floor).
/// </summary>
public static class RoomPointSampler
{
    public const double FloorFraction = 0.2;

    public static (float[] Values, int[] Segments) Sample(Room room, int points, Random rng)
    {
        var values = new float[points * ScenePoints.Channels];
        var segments = new int[points];
        Array.Fill(segments, ScenePoints.NoSegment);
        var floor = (int)(points * FloorFraction);
        var i = 0;
        for (; i < floor; i++)
        {
            var grey = (float)(0.5 + 0.04 * (2 * rng.NextDouble() - 1));
            Set(values, i, 2 * rng.NextDouble() - 1, 2 * rng.NextDouble() - 1, 0, grey, grey, grey, rng);
        }
        var area = room.Objects.Sum(o => o.Radius * o.Radius);
        var remaining = points - floor;
        for (var k = 0; k < room.Objects.Count; k++)
        {
            var o = room.Objects[k];
            var n = k == room.Objects.Count - 1 ? points - i : (int)Math.Round(remaining * o.Radius * o.Radius / area);
            n = Math.Min(n, points - i);
            if (n <= 0)
                continue;
            var surface = ShapeSurfaces.Sample(RoomVocabulary.SurfaceClass(o.Shape), n, rng);
            var yaw = 2 * Math.PI * rng.NextDouble();
            var (c, s) = (Math.Cos(yaw), Math.Sin(yaw));
            var minUp = double.MaxValue;
            for (var p = 0; p < n; p++)
                minUp = Math.Min(minUp, surface[3 * p + 1]);
            var (r, g, b) = (RoomVocabulary.Colours[o.Colour].R, RoomVocabulary.Colours[o.Colour].G, RoomVocabulary.Colours[o.Colour].B);
            for (var p = 0; p < n; p++, i++)
            {
                segments[i] = k;
                var (sx, up, sz) = (surface[3 * p], surface[3 * p + 1], surface[3 * p + 2]);
                Set(values, i, o.X + o.Radius * (c * sx - s * sz), o.Y + o.Radius * (s * sx + c * sz), o.Radius * (up - minUp),
                    Jitter(r, rng), Jitter(g, rng), Jitter(b, rng), rng);
            }
        }
        Shuffle(values, segments, points, rng);
        return (values, segments);
    }

    private static void Set(float[] values, int i, double x, double y, double z, float r, float g, float b, Random rng)
    {
        var o = i * ScenePoints.Channels;
        values[o] = (float)(x + 0.005 * Gaussian(rng));
        values[o + 1] = (float)(y + 0.005 * Gaussian(rng));
        values[o + 2] = (float)(z + 0.005 * Gaussian(rng));
        values[o + 3] = r;
        values[o + 4] = g;
        values[o + 5] = b;
    }

    private static float Jitter(float v, Random rng) => Math.Clamp(v + (float)(0.04 * (2 * rng.NextDouble() - 1)), 0f, 1f);

    private static void Shuffle(float[] values, int[] segments, int points, Random rng)
    {
        const int c = ScenePoints.Channels;
        Span<float> tmp = stackalloc float[c];
        for (var i = points - 1; i > 0; i--)
        {
            var j = rng.Next(i + 1);
            values.AsSpan(i * c, c).CopyTo(tmp);
            values.AsSpan(j * c, c).CopyTo(values.AsSpan(i * c, c));
            tmp.CopyTo(values.AsSpan(j * c, c));
            (segments[i], segments[j]) = (segments[j], segments[i]);
        }
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - rng.NextDouble())) * Math.Cos(2.0 * Math.PI * rng.NextDouble());
}

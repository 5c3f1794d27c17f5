namespace FrozenLm.Data.PointClouds;

/// <summary>A triangle mesh: vertices [V, 3] row-major and triangles as vertex-index triples.</summary>
public sealed record TriangleMesh(float[] Vertices, int[] Triangles)
{
    public int VertexCount => Vertices.Length / 3;
    public int TriangleCount => Triangles.Length / 3;

    /// <summary>
    /// Samples <paramref name="count"/> points uniformly over the surface: a triangle with probability proportional to
    /// its area, then a uniform point inside it. Returns [count, 3] floats.
    /// </summary>
    public float[] SampleSurface(int count, Random rng)
    {
        var areas = new double[TriangleCount];
        double total = 0;
        for (var t = 0; t < TriangleCount; t++)
        {
            var (a, b, c) = Corners(t);
            var u = Sub(b, a);
            var v = Sub(c, a);
            var cx = u.Y * v.Z - u.Z * v.Y;
            var cy = u.Z * v.X - u.X * v.Z;
            var cz = u.X * v.Y - u.Y * v.X;
            total += 0.5 * Math.Sqrt(cx * cx + cy * cy + cz * cz);
            areas[t] = total;
        }
        if (!(total > 0))
            throw new InvalidOperationException("the mesh has zero surface area");
        var points = new float[count * 3];
        for (var i = 0; i < count; i++)
        {
            var target = rng.NextDouble() * total;
            var t = Array.BinarySearch(areas, target);
            if (t < 0) t = ~t;
            t = Math.Min(t, TriangleCount - 1);
            var (a, b, c) = Corners(t);
            var s = Math.Sqrt(rng.NextDouble());
            var r = rng.NextDouble();
            var wa = 1 - s;
            var wb = s * (1 - r);
            var wc = s * r;
            points[3 * i] = (float)(wa * a.X + wb * b.X + wc * c.X);
            points[3 * i + 1] = (float)(wa * a.Y + wb * b.Y + wc * c.Y);
            points[3 * i + 2] = (float)(wa * a.Z + wb * b.Z + wc * c.Z);
        }
        return points;
    }

    private ((double X, double Y, double Z) A, (double X, double Y, double Z) B, (double X, double Y, double Z) C) Corners(int t) =>
        (Vertex(Triangles[3 * t]), Vertex(Triangles[3 * t + 1]), Vertex(Triangles[3 * t + 2]));

    private (double X, double Y, double Z) Vertex(int i) => (Vertices[3 * i], Vertices[3 * i + 1], Vertices[3 * i + 2]);

    private static (double X, double Y, double Z) Sub((double X, double Y, double Z) p, (double X, double Y, double Z) q) =>
        (p.X - q.X, p.Y - q.Y, p.Z - q.Z);
}

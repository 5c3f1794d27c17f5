namespace FrozenLm.Data.PointClouds;

/// <summary>
/// Area-uniform surface samplers for the generated shape classes, in a canonical pose (y up, about unit size), each
/// with its own random proportions. Returns [count, 3] floats.
/// </summary>
public static class ShapeSurfaces
{
    public static readonly IReadOnlyList<string> ClassNames =
    [
        "sphere", "cube", "cylinder", "cone", "torus", "pyramid", "capsule", "octahedron", "tetrahedron", "spring",
        "bowl", "prism",
    ];

    public static float[] Sample(int shape, int count, Random rng) => ClassNames[shape] switch
    {
        "sphere" => Sphere(count, rng, 1.0, hemisphere: false),
        "cube" => Box().SampleSurface(count, rng),
        "cylinder" => Cylinder(count, rng, 1.0, U(rng, 0.75, 1.25)),
        "cone" => Cone(count, rng, 1.0, U(rng, 0.75, 1.25)),
        "torus" => Torus(count, rng, 1.0, U(rng, 0.25, 0.45)),
        "pyramid" => Pyramid(U(rng, 0.6, 1.0)).SampleSurface(count, rng),
        "capsule" => Capsule(count, rng, 0.5, U(rng, 0.5, 0.9)),
        "octahedron" => Octahedron().SampleSurface(count, rng),
        "tetrahedron" => Tetrahedron().SampleSurface(count, rng),
        "spring" => Spring(count, rng, 0.8, 0.12, U(rng, 2.5, 4.0), 1.0),
        "bowl" => Sphere(count, rng, 1.0, hemisphere: true),
        "prism" => Prism(U(rng, 0.7, 1.2)).SampleSurface(count, rng),
        var other => throw new ArgumentOutOfRangeException(nameof(shape), other),
    };

    private static double U(Random rng, double lo, double hi) => lo + (hi - lo) * rng.NextDouble();

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - rng.NextDouble())) * Math.Cos(2.0 * Math.PI * rng.NextDouble());

    private static float[] Sphere(int count, Random rng, double radius, bool hemisphere)
    {
        var p = new float[count * 3];
        for (var i = 0; i < count; i++)
        {
            double x, y, z, n;
            do
            {
                x = Gaussian(rng); y = Gaussian(rng); z = Gaussian(rng);
                n = Math.Sqrt(x * x + y * y + z * z);
            }
            while (n < 1e-9);
            if (hemisphere && y > 0) y = -y;
            Set(p, i, radius * x / n, radius * y / n, radius * z / n);
        }
        return p;
    }

    /// <summary>Cylinder of radius r, height 2h along y, with both caps.</summary>
    private static float[] Cylinder(int count, Random rng, double r, double h)
    {
        var lateral = 2 * Math.PI * r * 2 * h;
        var cap = Math.PI * r * r;
        var p = new float[count * 3];
        for (var i = 0; i < count; i++)
        {
            var a = 2 * Math.PI * rng.NextDouble();
            var pick = rng.NextDouble() * (lateral + 2 * cap);
            if (pick < lateral)
            {
                Set(p, i, r * Math.Cos(a), U(rng, -h, h), r * Math.Sin(a));
            }
            else
            {
                var s = r * Math.Sqrt(rng.NextDouble());
                Set(p, i, s * Math.Cos(a), pick < lateral + cap ? h : -h, s * Math.Sin(a));
            }
        }
        return p;
    }

    /// <summary>Cone with base radius r at y = -h and apex at y = +h, with its base disc.</summary>
    private static float[] Cone(int count, Random rng, double r, double h)
    {
        var slant = Math.Sqrt(r * r + 4 * h * h);
        var lateral = Math.PI * r * slant;
        var baseArea = Math.PI * r * r;
        var p = new float[count * 3];
        for (var i = 0; i < count; i++)
        {
            var a = 2 * Math.PI * rng.NextDouble();
            if (rng.NextDouble() * (lateral + baseArea) < lateral)
            {
                var t = Math.Sqrt(rng.NextDouble());                 // distance from the apex, as a fraction (area ~ t^2)
                Set(p, i, t * r * Math.Cos(a), h - 2 * h * t, t * r * Math.Sin(a));
            }
            else
            {
                var s = r * Math.Sqrt(rng.NextDouble());
                Set(p, i, s * Math.Cos(a), -h, s * Math.Sin(a));
            }
        }
        return p;
    }

    /// <summary>Torus around the y axis: ring radius R, tube radius r; area-uniform by rejection on the tube angle.</summary>
    private static float[] Torus(int count, Random rng, double ringRadius, double tubeRadius)
    {
        var p = new float[count * 3];
        for (var i = 0; i < count; i++)
        {
            double v;
            do
            {
                v = 2 * Math.PI * rng.NextDouble();
            }
            while (rng.NextDouble() * (ringRadius + tubeRadius) > ringRadius + tubeRadius * Math.Cos(v));
            var u = 2 * Math.PI * rng.NextDouble();
            var d = ringRadius + tubeRadius * Math.Cos(v);
            Set(p, i, d * Math.Cos(u), tubeRadius * Math.Sin(v), d * Math.Sin(u));
        }
        return p;
    }

    /// <summary>Capsule: cylinder of radius r and half-length l along y, closed by two hemispheres.</summary>
    private static float[] Capsule(int count, Random rng, double r, double l)
    {
        var lateral = 2 * Math.PI * r * 2 * l;
        var sphere = 4 * Math.PI * r * r;
        var p = new float[count * 3];
        var caps = Sphere(count, rng, r, hemisphere: false);
        for (var i = 0; i < count; i++)
        {
            if (rng.NextDouble() * (lateral + sphere) < lateral)
            {
                var a = 2 * Math.PI * rng.NextDouble();
                Set(p, i, r * Math.Cos(a), U(rng, -l, l), r * Math.Sin(a));
            }
            else
            {
                var y = caps[3 * i + 1];
                Set(p, i, caps[3 * i], y + (y >= 0 ? l : -l), caps[3 * i + 2]);
            }
        }
        return p;
    }

    /// <summary>A tube of radius r around a helix of radius R with the given turns, spanning y in [-h, h].</summary>
    private static float[] Spring(int count, Random rng, double helixRadius, double tubeRadius, double turns, double h)
    {
        var p = new float[count * 3];
        var omega = 2 * Math.PI * turns;
        for (var i = 0; i < count; i++)
        {
            var t = rng.NextDouble();
            var th = omega * t;
            var cx = helixRadius * Math.Cos(th);
            var cz = helixRadius * Math.Sin(th);
            var cy = -h + 2 * h * t;
            // Orthonormal frame: N points to the axis, B = T x N.
            var tx = -helixRadius * omega * Math.Sin(th);
            var ty = 2 * h;
            var tz = helixRadius * omega * Math.Cos(th);
            var tn = Math.Sqrt(tx * tx + ty * ty + tz * tz);
            tx /= tn; ty /= tn; tz /= tn;
            var nx = -Math.Cos(th);
            var nz = -Math.Sin(th);
            var bx = ty * nz;
            var by = tz * nx - tx * nz;
            var bz = -ty * nx;
            var a = 2 * Math.PI * rng.NextDouble();
            var (ca, sa) = (tubeRadius * Math.Cos(a), tubeRadius * Math.Sin(a));
            Set(p, i, cx + ca * nx + sa * bx, cy + sa * by, cz + ca * nz + sa * bz);
        }
        return p;
    }

    private static TriangleMesh Box()
    {
        float[] v = [-1, -1, -1, 1, -1, -1, 1, 1, -1, -1, 1, -1, -1, -1, 1, 1, -1, 1, 1, 1, 1, -1, 1, 1];
        int[] f = [0, 1, 2, 0, 2, 3, 4, 6, 5, 4, 7, 6, 0, 4, 5, 0, 5, 1, 3, 2, 6, 3, 6, 7, 0, 3, 7, 0, 7, 4, 1, 5, 6, 1, 6, 2];
        return new TriangleMesh(v, f);
    }

    private static TriangleMesh Pyramid(double h)
    {
        float[] v = [-1, (float)-h, -1, 1, (float)-h, -1, 1, (float)-h, 1, -1, (float)-h, 1, 0, (float)h, 0];
        int[] f = [0, 1, 2, 0, 2, 3, 0, 1, 4, 1, 2, 4, 2, 3, 4, 3, 0, 4];
        return new TriangleMesh(v, f);
    }

    private static TriangleMesh Octahedron()
    {
        float[] v = [1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1];
        int[] f = [0, 2, 4, 2, 1, 4, 1, 3, 4, 3, 0, 4, 0, 5, 2, 2, 5, 1, 1, 5, 3, 3, 5, 0];
        return new TriangleMesh(v, f);
    }

    private static TriangleMesh Tetrahedron()
    {
        float[] v = [1, 1, 1, 1, -1, -1, -1, 1, -1, -1, -1, 1];
        int[] f = [0, 1, 2, 0, 3, 1, 0, 2, 3, 1, 3, 2];
        return new TriangleMesh(v, f);
    }

    /// <summary>Equilateral-triangle cross-section in x-z, extruded along y over [-h, h].</summary>
    private static TriangleMesh Prism(double h)
    {
        var v = new float[18];
        for (var k = 0; k < 3; k++)
        {
            var a = 2 * Math.PI * k / 3;
            for (var s = 0; s < 2; s++)
            {
                var i = k + 3 * s;
                v[3 * i] = (float)Math.Cos(a);
                v[3 * i + 1] = (float)(s == 0 ? -h : h);
                v[3 * i + 2] = (float)Math.Sin(a);
            }
        }
        int[] f = [0, 1, 2, 3, 5, 4, 0, 3, 4, 0, 4, 1, 1, 4, 5, 1, 5, 2, 2, 5, 3, 2, 3, 0];
        return new TriangleMesh(v, f);
    }

    private static void Set(float[] p, int i, double x, double y, double z)
    {
        p[3 * i] = (float)x;
        p[3 * i + 1] = (float)y;
        p[3 * i + 2] = (float)z;
    }
}

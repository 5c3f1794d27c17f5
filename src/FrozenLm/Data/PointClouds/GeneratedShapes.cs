using FrozenLm.Runtime;

namespace FrozenLm.Data.PointClouds;

/// <summary>
/// The embedded <c>shapes</c> data set: 12 classes sampled area-uniformly from parametric surfaces and solids, each
/// cloud with random proportions, rotation about the up (y) axis plus a tilt of up to 25 degrees, anisotropic scale,
/// an occluding plane cut, unit-sphere normalisation, gaussian noise and uniform outliers. Seeded per sample, so the
/// set is identical whatever the thread count.
/// </summary>
public static class GeneratedShapes
{
    public const string SourceName = "shapes";

    public static PointCloudDataSplits Generate(ShapesOptions options)
    {
        if (options.TrainPerClass < 1 || options.TestPerClass < 1)
            throw new UserInputException("--data shapes", "needs at least one training and one test cloud per class");
        if (options.Points < 16)
            throw new UserInputException("--points", $"shapes needs at least 16 points per cloud, got {options.Points}");
        var names = ShapeSurfaces.ClassNames;
        return new PointCloudDataSplits(
            Split("train", options.TrainPerClass, options, names),
            Split("test", options.TestPerClass, options, names),
            SourceName, "generated");
    }

    /// <summary>
    /// The test split of <see cref="Generate"/> (bit-identical clouds) and, per cloud, which points are injected uniform
    /// outliers (the ground truth of the point-cloud filtering score).
    /// </summary>
    public static (InMemoryPointCloudDataset Clouds, bool[][] Outliers) GenerateTestWithOutliers(ShapesOptions options)
    {
        if (options.TestPerClass < 1)
            throw new UserInputException("--data shapes", "needs at least one test cloud per class");
        var outliers = new bool[options.TestPerClass * ShapeSurfaces.ClassNames.Count][];
        var clouds = Split("test", options.TestPerClass, options, ShapeSurfaces.ClassNames, outliers);
        return (clouds, outliers);
    }

    private static InMemoryPointCloudDataset Split(string split, int perClass, ShapesOptions options, IReadOnlyList<string> names,
        bool[][]? outliers = null)
    {
        var count = perClass * names.Count;
        var clouds = new float[count][];
        var labels = new int[count];
        Parallel.For(0, count, i =>
        {
            labels[i] = i % names.Count;
            var rng = new Random(Seeding.Derive(options.Seed, $"shapes/{split}/{i}"));
            clouds[i] = One(labels[i], options, rng, out var mask);
            if (outliers is not null)
                outliers[i] = mask;
        });
        return new InMemoryPointCloudDataset($"{SourceName}/{split}", names, clouds, labels);
    }

    /// <summary>One cloud of class <paramref name="shape"/> with all the perturbations, [Points, 3].</summary>
    public static float[] One(int shape, ShapesOptions options, Random rng) => One(shape, options, rng, out _);

    /// <summary>
    /// <see cref="One(int, ShapesOptions, Random)"/> (same clouds for the same <paramref name="rng"/> state) plus, per point,
    /// whether it was replaced by a uniform outlier.
    /// </summary>
    public static float[] One(int shape, ShapesOptions options, Random rng, out bool[] outliers)
    {
        var n = options.Points;
        var raw = ShapeSurfaces.Sample(shape, 2 * n, rng);
        var m = raw.Length / 3;

        var scale = new[] { U(rng, 0.8, 1.25), U(rng, 0.8, 1.25), U(rng, 0.8, 1.25) };
        var rot = Rotation(rng);
        var moved = new double[m * 3];
        for (var i = 0; i < m; i++)
        {
            var x = raw[3 * i] * scale[0];
            var y = raw[3 * i + 1] * scale[1];
            var z = raw[3 * i + 2] * scale[2];
            for (var r = 0; r < 3; r++)
                moved[3 * i + r] = rot[r, 0] * x + rot[r, 1] * y + rot[r, 2] * z;
        }

        var keep = Enumerable.Range(0, m).ToArray();
        if (rng.NextDouble() < options.OcclusionProbability)
            keep = Occlude(moved, keep, rng);
        rng.Shuffle(keep);

        var cloud = new float[n * 3];
        for (var i = 0; i < n; i++)
        {
            var src = keep[i % keep.Length];
            cloud[3 * i] = (float)moved[3 * src];
            cloud[3 * i + 1] = (float)moved[3 * src + 1];
            cloud[3 * i + 2] = (float)moved[3 * src + 2];
        }
        PointCloudChecks.NormalizeToUnitSphere(cloud);

        for (var i = 0; i < cloud.Length; i++)
            cloud[i] += (float)(options.Noise * Gaussian(rng));
        outliers = new bool[n];
        if (rng.NextDouble() < options.OutlierProbability)
        {
            var count = Math.Max(1, (int)(n * U(rng, 0.01, 0.03)));
            for (var k = 0; k < count; k++)
            {
                var i = rng.Next(n);
                outliers[i] = true;
                for (var c = 0; c < 3; c++)
                    cloud[3 * i + c] = (float)U(rng, -1, 1);
            }
        }
        return cloud;
    }

    /// <summary>Removes the points beyond a random plane so 10-30 % of them go.</summary>
    private static int[] Occlude(double[] points, int[] keep, Random rng)
    {
        var (dx, dy, dz) = RandomDirection(rng);
        var proj = keep.Select(i => points[3 * i] * dx + points[3 * i + 1] * dy + points[3 * i + 2] * dz).ToArray();
        var sorted = (double[])proj.Clone();
        Array.Sort(sorted);
        var cut = sorted[(int)((1 - U(rng, 0.1, 0.3)) * (sorted.Length - 1))];
        return keep.Where((_, j) => proj[j] <= cut).ToArray();
    }

    /// <summary>Rotation about y (uniform angle) followed by a tilt of up to 25 degrees about a random horizontal axis.</summary>
    private static double[,] Rotation(Random rng)
    {
        var yaw = 2 * Math.PI * rng.NextDouble();
        var (c, s) = (Math.Cos(yaw), Math.Sin(yaw));
        double[,] ry = { { c, 0, s }, { 0, 1, 0 }, { -s, 0, c } };
        var tilt = U(rng, 0, 25) * Math.PI / 180;
        var axisAngle = 2 * Math.PI * rng.NextDouble();
        var (ax, az) = (Math.Cos(axisAngle), Math.Sin(axisAngle));
        var (ct, st) = (Math.Cos(tilt), Math.Sin(tilt));
        // Rodrigues for the unit axis (ax, 0, az).
        double[,] rt =
        {
            { ct + ax * ax * (1 - ct), -az * st, ax * az * (1 - ct) },
            { az * st, ct, -ax * st },
            { az * ax * (1 - ct), ax * st, ct + az * az * (1 - ct) },
        };
        var r = new double[3, 3];
        for (var i = 0; i < 3; i++)
            for (var j = 0; j < 3; j++)
                for (var k = 0; k < 3; k++)
                    r[i, j] += rt[i, k] * ry[k, j];
        return r;
    }

    private static (double X, double Y, double Z) RandomDirection(Random rng)
    {
        double x, y, z, n;
        do
        {
            x = Gaussian(rng); y = Gaussian(rng); z = Gaussian(rng);
            n = Math.Sqrt(x * x + y * y + z * z);
        }
        while (n < 1e-9);
        return (x / n, y / n, z / n);
    }

    private static double U(Random rng, double lo, double hi) => lo + (hi - lo) * rng.NextDouble();

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - rng.NextDouble())) * Math.Cos(2.0 * Math.PI * rng.NextDouble());
}

using FrozenLm.Data.PointClouds;
using FrozenLm.Runtime;

namespace FrozenLm.Tests.PointClouds;

public sealed class ShapesAndLoaderTests
{
    private static readonly ShapesOptions Small = new() { TrainPerClass = 2, TestPerClass = 1, Points = 64, Seed = 5 };

    [Fact]
    public void GivenASeed_WhenGeneratingShapesTwice_ThenTheCloudsAreIdenticalAndAnotherSeedDiffers()
    {
        var a = GeneratedShapes.Generate(Small);
        var b = GeneratedShapes.Generate(Small);
        var c = GeneratedShapes.Generate(Small with { Seed = 6 });

        Assert.True(ShapeSurfaces.ClassNames.Count >= 10);
        Assert.Equal(2 * ShapeSurfaces.ClassNames.Count, a.Train.Count);
        Assert.Equal(ShapeSurfaces.ClassNames.Count, a.Test.Count);
        for (var i = 0; i < a.Train.Count; i++)
            Assert.Equal(a.Train.GetPoints(i).ToArray(), b.Train.GetPoints(i).ToArray());
        Assert.NotEqual(a.Train.GetPoints(0).ToArray(), c.Train.GetPoints(0).ToArray());
        Assert.Equal(Enumerable.Range(0, ShapeSurfaces.ClassNames.Count), Enumerable.Range(0, a.Test.Count).Select(a.Test.GetLabel));
    }

    [Fact]
    public void GivenGeneratedShapes_WhenInspected_ThenCloudsAreFiniteAndInsideTheUnitSphereUpToNoise()
    {
        var splits = GeneratedShapes.Generate(Small with { OutlierProbability = 0 });

        for (var i = 0; i < splits.Train.Count; i++)
        {
            var p = splits.Train.GetPoints(i).ToArray();
            Assert.Equal(64 * 3, p.Length);
            Assert.All(p, v => Assert.True(float.IsFinite(v)));
            var maxR = Enumerable.Range(0, 64).Max(j => Math.Sqrt(p[3 * j] * p[3 * j] + p[3 * j + 1] * p[3 * j + 1] + p[3 * j + 2] * p[3 * j + 2]));
            Assert.InRange(maxR, 0.9, 1.1);
        }
    }

    [Fact]
    public void GivenEachShapeClass_WhenSampled_ThenTheSurfaceMatchesItsDefinition()
    {
        var rng = new Random(1);
        var sphere = ShapeSurfaces.Sample(ShapeSurfaces.ClassNames.ToList().IndexOf("sphere"), 500, rng);
        var bowl = ShapeSurfaces.Sample(ShapeSurfaces.ClassNames.ToList().IndexOf("bowl"), 500, rng);
        var cube = ShapeSurfaces.Sample(ShapeSurfaces.ClassNames.ToList().IndexOf("cube"), 600, rng);

        Assert.All(Enumerable.Range(0, 500), i => Assert.InRange(Norm(sphere, i), 0.999, 1.001));
        Assert.All(Enumerable.Range(0, 500), i => Assert.True(bowl[3 * i + 1] <= 0));
        // Area-uniform: each of the six faces gets about 1/6 of 600 points (binomial sd ~9).
        var perFace = new int[6];
        for (var i = 0; i < 600; i++)
        {
            var d = Enumerable.Range(0, 3).First(k => Math.Abs(Math.Abs(cube[3 * i + k]) - 1) < 1e-5);
            perFace[2 * d + (cube[3 * i + d] > 0 ? 1 : 0)]++;
        }
        Assert.All(perFace, c => Assert.InRange(c, 60, 140));
    }

    private static double Norm(float[] p, int i) => Math.Sqrt(p[3 * i] * p[3 * i] + p[3 * i + 1] * p[3 * i + 1] + p[3 * i + 2] * p[3 * i + 2]);

    [Fact]
    public void GivenScaleAndTranslate_WhenApplied_ThenEachAxisIsAnAffineMapWithinPointBertRanges()
    {
        var xyz = new float[] { 1, 2, 3, -1, 0, 0.5f };
        var before = (float[])xyz.Clone();

        PointCloudAugmenter.Apply(xyz, new PointCloudAugmentOptions(), new Random(4));

        for (var d = 0; d < 3; d++)
        {
            var scale = (xyz[d] - xyz[3 + d]) / (before[d] - before[3 + d]);
            var shift = xyz[d] - scale * before[d];
            Assert.InRange(scale, 2.0 / 3 - 1e-5, 1.5 + 1e-5);
            Assert.InRange(shift, -0.2 - 1e-5, 0.2 + 1e-5);
        }
    }

    [Fact]
    public void GivenRotationJitterAndDropout_WhenApplied_ThenHeightAndRadiusAreKeptAndJitterIsClipped()
    {
        var rng = new Random(2);
        var xyz = Enumerable.Range(0, 300).Select(_ => (float)rng.NextDouble()).ToArray();
        var rotated = (float[])xyz.Clone();
        PointCloudAugmenter.Apply(rotated, PointCloudAugmentOptions.None with { RotateUp = true }, new Random(9));
        var jittered = (float[])xyz.Clone();
        PointCloudAugmenter.Apply(jittered, PointCloudAugmentOptions.None with { Jitter = 0.5, JitterClip = 0.05 }, new Random(9));
        var dropped = (float[])xyz.Clone();
        PointCloudAugmenter.Apply(dropped, PointCloudAugmentOptions.None with { PointDropoutMax = 0.99 }, new Random(1));

        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(xyz[3 * i + 1], rotated[3 * i + 1]);
            var r0 = Math.Sqrt(xyz[3 * i] * xyz[3 * i] + xyz[3 * i + 2] * xyz[3 * i + 2]);
            var r1 = Math.Sqrt(rotated[3 * i] * rotated[3 * i] + rotated[3 * i + 2] * rotated[3 * i + 2]);
            Assert.True(Math.Abs(r0 - r1) < 1e-5, $"radius {r0} became {r1}");
        }
        Assert.All(Enumerable.Range(0, 300), i => Assert.InRange(jittered[i] - xyz[i], -0.05f - 1e-6f, 0.05f + 1e-6f));
        Assert.True(xyz.Zip(jittered).Count(p => p.First != p.Second) > 290);
        var replaced = Enumerable.Range(1, 99).Count(i => dropped[3 * i] == xyz[0] && dropped[3 * i + 1] == xyz[1] && dropped[3 * i + 2] == xyz[2]);
        Assert.True(replaced > 0, "dropout replaced no point");
        Assert.Equal(xyz[..3], dropped[..3]);
    }

    [Fact]
    public void GivenALoader_WhenIteratingTwice_ThenBatchesHaveTheRightShapeAndAreReproducible()
    {
        TorchRuntime.EnsureLoaded();
        var data = GeneratedShapes.Generate(Small).Train;
        var loader = new PointCloudLoader(data, batchSize: 5, points: 48, shuffle: true, dropLast: false, new PointCloudAugmentOptions(), seed: 3);

        var first = loader.Epoch(0).Select(b => { using (b) return (b.Points.shape, b.Points.data<float>().ToArray(), b.Indices, b.Labels.data<long>().ToArray()); }).ToList();
        var again = loader.Epoch(0).Select(b => { using (b) return b.Points.data<float>().ToArray(); }).ToList();
        var next = loader.Epoch(1).Select(b => { using (b) return b.Indices; }).ToList();

        Assert.Equal(5, loader.BatchCount);
        Assert.Equal(new long[] { 5, 48, 3 }, first[0].shape);
        Assert.Equal(new long[] { 4, 48, 3 }, first[^1].shape);
        Assert.Equal(Enumerable.Range(0, data.Count), first.SelectMany(b => b.Indices).Order());
        Assert.All(first, b => Assert.Equal(b.Indices.Select(i => (long)data.GetLabel(i)), b.Item4));
        Assert.Equal(first.Select(b => b.Item2), again);
        Assert.NotEqual(first.Select(b => b.Indices).ToList(), next);
    }
}

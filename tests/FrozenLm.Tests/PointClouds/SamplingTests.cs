using FrozenLm.Encoders.PointCloud;
using FrozenLm.Runtime;
using static TorchSharp.torch;

namespace FrozenLm.Tests.PointClouds;

public sealed class SamplingTests
{
    private static float[] RandomCloud(int n, int seed)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n * 3).Select(_ => (float)(rng.NextDouble() * 2 - 1)).ToArray();
    }

    private static int[] BruteForceFps(float[] p, int count)
    {
        var n = p.Length / 3;
        var minDist = Enumerable.Repeat(double.PositiveInfinity, n).ToArray();
        var result = new int[count];
        var current = 0;
        for (var i = 0; i < count; i++)
        {
            result[i] = current;
            for (var j = 0; j < n; j++)
                minDist[j] = Math.Min(minDist[j], Dist2(p, current, p, j));
            var best = 0;
            for (var j = 1; j < n; j++)
                if (minDist[j] > minDist[best]) best = j;
            current = best;
        }
        return result;
    }

    private static double Dist2(float[] a, int i, float[] b, int j)
    {
        double s = 0;
        for (var d = 0; d < 3; d++)
        {
            var diff = (double)a[3 * i + d] - b[3 * j + d];
            s += diff * diff;
        }
        return s;
    }

    [Fact]
    public void GivenRandomClouds_WhenFarthestPointSampling_ThenIndicesEqualBruteForceExactly()
    {
        TorchRuntime.EnsureLoaded();
        const int n = 200, g = 24, b = 3;
        var clouds = Enumerable.Range(0, b).Select(s => RandomCloud(n, 100 + s)).ToArray();
        using var points = tensor(clouds.SelectMany(c => c).ToArray(), [b, n, 3]);

        using var idx = FarthestPointSampling.Sample(points, g);

        Assert.Equal(new long[] { b, g }, idx.shape);
        var got = idx.data<long>().ToArray();
        for (var s = 0; s < b; s++)
        {
            var expected = BruteForceFps(clouds[s], g);
            Assert.Equal(expected, got.Skip(s * g).Take(g).Select(v => (int)v).ToArray());
        }
    }

    [Fact]
    public void GivenRandomClouds_WhenKnnQuery_ThenNeighbourSetsEqualBruteForce()
    {
        TorchRuntime.EnsureLoaded();
        const int n = 150, q = 10, k = 12, b = 2;
        var clouds = Enumerable.Range(0, b).Select(s => RandomCloud(n, 7 + s)).ToArray();
        var queries = Enumerable.Range(0, b).Select(s => RandomCloud(q, 70 + s)).ToArray();
        using var points = tensor(clouds.SelectMany(c => c).ToArray(), [b, n, 3]);
        using var centres = tensor(queries.SelectMany(c => c).ToArray(), [b, q, 3]);

        using var idx = KNearestNeighbours.Query(centres, points, k);

        Assert.Equal(new long[] { b, q, k }, idx.shape);
        var got = idx.data<long>().ToArray();
        for (var s = 0; s < b; s++)
        {
            for (var i = 0; i < q; i++)
            {
                var expected = Enumerable.Range(0, n).OrderBy(j => Dist2(queries[s], i, clouds[s], j)).Take(k).ToArray();
                var actual = got.Skip((s * q + i) * k).Take(k).Select(v => (int)v).ToArray();
                Assert.Equal(expected.Order(), actual.Order());
                Assert.Equal(expected[0], actual[0]);
            }
        }
    }

    [Fact]
    public void GivenAFpsStartIndex_WhenSampling_ThenTheFirstCentreIsThatPoint()
    {
        TorchRuntime.EnsureLoaded();
        using var points = tensor(RandomCloud(50, 3), [1, 50, 3]);
        using var start = tensor(new long[] { 17 });

        using var idx = FarthestPointSampling.Sample(points, 5, start);

        Assert.Equal(17L, idx[0, 0].item<long>());
        Assert.Equal(5, idx.data<long>().ToArray().Distinct().Count());
    }

    [Fact]
    public void GivenACloud_WhenGrouped_ThenNeighbourhoodsArePointsMinusTheirCentre()
    {
        TorchRuntime.EnsureLoaded();
        const int n = 128;
        var cloud = RandomCloud(n, 11);
        using var points = tensor(cloud, [1, n, 3]);

        using var groups = new PointGrouper(8, 6).Group(points);

        Assert.Equal(new long[] { 1, 8, 6, 3 }, groups.Neighbourhoods.shape);
        var centreIdx = groups.CentreIndices.data<long>().ToArray();
        var nbrIdx = groups.NeighbourIndices.data<long>().ToArray();
        var rel = groups.Neighbourhoods.data<float>().ToArray();
        var maxErr = 0.0;
        for (var g = 0; g < 8; g++)
        {
            Assert.Equal((int)centreIdx[g], (int)nbrIdx[g * 6]);                     // a centre is its own nearest point
            for (var k = 0; k < 6; k++)
                for (var d = 0; d < 3; d++)
                {
                    var expected = cloud[3 * nbrIdx[g * 6 + k] + d] - cloud[3 * centreIdx[g] + d];
                    maxErr = Math.Max(maxErr, Math.Abs(expected - rel[(g * 6 + k) * 3 + d]));
                }
        }
        Assert.True(maxErr < 1e-6, $"max abs error {maxErr}");
    }

    [Fact]
    public void GivenIndices_WhenGathered_ThenRowsMatchTheSourceRows()
    {
        TorchRuntime.EnsureLoaded();
        using var values = arange(2 * 4 * 3, dtype: ScalarType.Float32).view(2, 4, 3);
        using var idx = tensor(new long[] { 3, 0, 1, 1 }, [2, 2]);

        using var got = PointOps.Gather(values, idx);

        Assert.Equal(new float[] { 9, 10, 11, 0, 1, 2, 15, 16, 17, 15, 16, 17 }, got.data<float>().ToArray());
    }
}

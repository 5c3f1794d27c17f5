using FrozenLm.Encoders.PointCloud;
using FrozenLm.Runtime;
using static TorchSharp.torch;

namespace FrozenLm.Tests.PointClouds;

/// <summary>
/// The CPU loop of <see cref="FarthestPointSampling"/> against the tensor version it replaced (one tensor step per
/// centre, kept for other devices): the same centres, index for index, on random clouds, clouds full of ties and
/// degenerate clouds.
/// </summary>
public sealed class FarthestPointSamplingEquivalenceTests
{
    private static float[] Cloud(int n, int seed, Func<Random, float> coordinate)
    {
        var rng = new Random(seed);
        return Enumerable.Range(0, n * 3).Select(_ => coordinate(rng)).ToArray();
    }

    private static void AssertSameCentres(float[] data, int b, int n, int count, long[]? starts = null)
    {
        using var points = tensor(data, [b, n, 3]);
        using var start = starts is null ? null : tensor(starts);
        using var native = FarthestPointSampling.Sample(points, count, start);
        using var reference = FarthestPointSampling.SampleWithTensors(points, count, start);
        Assert.Equal(new long[] { b, count }, native.shape);
        Assert.Equal(reference.data<long>().ToArray(), native.data<long>().ToArray());
    }

    [Theory]
    [InlineData(4, 256, 32)]
    [InlineData(3, 1024, 64)]
    [InlineData(2, 4096, 128)]
    [InlineData(5, 17, 17)]
    public void Given_random_clouds_When_sampled_natively_Then_the_centres_equal_the_tensor_version(int b, int n, int count)
    {
        TorchRuntime.EnsureLoaded();
        for (var seed = 0; seed < 4; seed++)
            AssertSameCentres(Cloud(b * n, 1000 * n + seed, r => (float)(r.NextDouble() * 2 - 1) * 3.7f), b, n, count);
    }

    [Fact]
    public void Given_clouds_on_a_coarse_grid_with_many_equal_distances_When_sampled_Then_ties_go_to_the_same_point()
    {
        TorchRuntime.EnsureLoaded();
        const int b = 6, n = 300, count = 40;
        for (var seed = 0; seed < 5; seed++)
            AssertSameCentres(Cloud(b * n, seed, r => r.Next(-2, 3) * 0.5f), b, n, count);
    }

    [Fact]
    public void Given_clouds_with_duplicated_points_as_point_dropout_makes_them_When_sampled_Then_the_centres_match()
    {
        TorchRuntime.EnsureLoaded();
        const int b = 4, n = 512, count = 64;
        var data = Cloud(b * n, 5, r => (float)r.NextDouble());
        var rng = new Random(9);
        for (var c = 0; c < b; c++)
            for (var i = 1; i < n; i++)
                if (rng.NextDouble() < 0.4)
                    Array.Copy(data, 3 * c * n, data, 3 * (c * n + i), 3);
        AssertSameCentres(data, b, n, count);
    }

    [Fact]
    public void Given_a_cloud_of_one_repeated_point_and_given_starts_When_sampled_Then_the_centres_match()
    {
        TorchRuntime.EnsureLoaded();
        const int n = 40;
        var same = Enumerable.Range(0, 2 * n * 3).Select(i => (i % 3) * 0.25f).ToArray();
        AssertSameCentres(same, 2, n, 8);
        AssertSameCentres(Cloud(3 * n, 2, r => (float)r.NextDouble()), 3, n, 10, [0, 39, 17]);
    }

    [Fact]
    public void Given_a_start_outside_the_cloud_When_sampled_Then_it_is_refused()
    {
        TorchRuntime.EnsureLoaded();
        using var points = zeros(1, 5, 3);
        using var start = tensor(new long[] { 5 });
        Assert.Throws<ArgumentOutOfRangeException>(() => FarthestPointSampling.Sample(points, 2, start));
    }
}

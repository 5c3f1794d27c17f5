using System.Security.Cryptography;
using FrozenLm.Data.PointClouds;
using FrozenLm.Runtime;

namespace FrozenLm.Tests.Analysis;

public sealed class ShapesOutlierMaskTests
{
    private static readonly ShapesOptions Small = new() { TrainPerClass = 2, TestPerClass = 2, Points = 256, Seed = 11 };

    /// <summary>SHA-256 of every float of Generate(Small), taken from the code before the outlier-mask overload existed.</summary>
    private const string PinnedHash = "B23BBDC51A4B24150D4AF74B9B500945B8B4B9753AA720D61B80131FA1CB2D27";

    [Fact]
    public void Given_the_shapes_generator_When_hashed_Then_the_clouds_are_bit_identical_to_before_the_outlier_mask_refactor()
    {
        var splits = GeneratedShapes.Generate(Small);

        Assert.Equal(PinnedHash, Hash(splits.Train, splits.Test));
        var (test, outliers) = GeneratedShapes.GenerateTestWithOutliers(Small);
        Assert.Equal(splits.Test.Count, test.Count);
        for (var i = 0; i < test.Count; i++)
        {
            Assert.Equal(splits.Test.GetPoints(i).ToArray(), test.GetPoints(i).ToArray());
            Assert.Equal(Small.Points, outliers[i].Length);
        }
        Assert.Contains(outliers, m => m.Any(o => o));
        Assert.Contains(outliers, m => !m.Any(o => o));
    }

    [Fact]
    public void Given_one_seed_with_and_without_outliers_When_generated_Then_the_mask_marks_exactly_the_points_that_changed()
    {
        const int points = 1000;
        var withoutOptions = Small with { Points = points, OutlierProbability = 0 };
        var withOptions = Small with { Points = points, OutlierProbability = 1 };
        for (var seed = 0; seed < 4; seed++)
        {
            var plain = GeneratedShapes.One(seed % 12, withoutOptions, new Random(seed), out var none);
            var noisy = GeneratedShapes.One(seed % 12, withOptions, new Random(seed), out var mask);
            var legacy = GeneratedShapes.One(seed % 12, withOptions, new Random(seed));

            Assert.Equal(noisy, legacy);
            Assert.DoesNotContain(true, none);
            var changed = Enumerable.Range(0, points).Select(i => Enumerable.Range(0, 3).Any(c => plain[3 * i + c] != noisy[3 * i + c])).ToArray();
            Assert.Equal(changed, mask);
            // 1-3 % of the points are drawn (an index may repeat, so at most that many are marked).
            Assert.InRange(mask.Count(m => m), 1, 30);
        }
    }

    private static string Hash(params IPointCloudDataset[] sets)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var set in sets)
        {
            for (var i = 0; i < set.Count; i++)
                sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(set.GetPoints(i).Span));
        }
        return Convert.ToHexString(sha.GetHashAndReset());
    }
}

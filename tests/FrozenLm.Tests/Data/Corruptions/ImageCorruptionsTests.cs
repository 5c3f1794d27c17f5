using FrozenLm.Data;
using FrozenLm.Data.Corruptions;
using static FrozenLm.Tests.Data.Corruptions.CorruptionFixtures;

namespace FrozenLm.Tests.Data.Corruptions;

public sealed class ImageCorruptionsTests
{
    public static TheoryData<string, int> Every()
    {
        var data = new TheoryData<string, int>();
        foreach (var name in ImageCorruptions.Names)
            for (var s = 1; s <= 5; s++)
                data.Add(name, s);
        return data;
    }

    [Fact]
    public void Given_the_registry_Then_it_names_the_15_imagenet_c_corruptions_in_their_order()
    {
        Assert.Equal(
        [
            "gaussian_noise", "shot_noise", "impulse_noise", "defocus_blur", "glass_blur", "motion_blur", "zoom_blur", "snow",
            "frost", "fog", "brightness", "contrast", "elastic_transform", "pixelate", "jpeg_compression",
        ], ImageCorruptions.Names);
        Assert.Equal(CorruptionScale.Cifar, ImageCorruptions.ScaleFor(32, 28));
        Assert.Equal(CorruptionScale.ImageNet, ImageCorruptions.ScaleFor(224, 224));
    }

    [Theory]
    [MemberData(nameof(Every))]
    public void Given_each_corruption_and_severity_When_applied_Then_values_stay_in_range_change_the_image_and_repeat_per_seed(string name, int severity)
    {
        foreach (var (channels, size) in new[] { (3, 32), (1, 28) })
        {
            var image = Texture(channels, size);
            var a = Apply(name, image, channels, size, severity);
            var b = Apply(name, image, channels, size, severity);
            Assert.Equal(a, b);
            Assert.All(a, v => Assert.True(float.IsFinite(v) && v is >= 0 and <= 1, $"{name} s{severity}: {v}"));
            Assert.True(a.Zip(image).Max(p => Math.Abs(p.First - p.Second)) > 1e-4, $"{name} s{severity} left the image unchanged");
        }
    }

    [Theory]
    [InlineData("gaussian_noise")]
    [InlineData("shot_noise")]
    [InlineData("impulse_noise")]
    [InlineData("glass_blur")]
    [InlineData("motion_blur")]
    [InlineData("snow")]
    [InlineData("frost")]
    [InlineData("fog")]
    [InlineData("elastic_transform")]
    public void Given_a_random_corruption_When_the_seed_or_image_index_changes_Then_the_draws_change(string name)
    {
        // motion blur draws only an angle, and nearby angles round to the same pixel offsets: most, not all, differ
        var image = Texture(3, 32);
        string Key(int seed, int index) => string.Join(",", Apply(name, image, 3, 32, 3, seed, index));
        Assert.True(Enumerable.Range(0, 4).Select(s => Key(s, 0)).Distinct().Count() >= 3, "seeds");
        Assert.True(Enumerable.Range(0, 4).Select(i => Key(1, i)).Distinct().Count() >= 3, "image indices");
    }

    [Fact]
    public void Given_a_data_set_When_corrupted_Then_reads_repeat_and_labels_and_shape_are_kept()
    {
        var set = new InMemoryImageDataset("t", 3, 16, 16, Enumerable.Range(0, 2 * 3 * 16 * 16).Select(i => (byte)(i % 251)).ToArray(), [0, 1], ["a", "b"]);
        var corrupted = ImageCorruptions.Corrupt(set, "gaussian_noise", 2, seed: 5);
        var x = new float[3 * 16 * 16];
        var y = new float[3 * 16 * 16];
        corrupted.ReadImage(1, x);
        corrupted.ReadImage(1, y);
        Assert.Equal(x, y);
        Assert.Equal(1, corrupted.GetLabel(1));
        Assert.Equal("t+gaussian_noise@2", corrupted.Name);
    }

    [Theory]
    [InlineData("all", 15)]
    [InlineData("fog, Contrast", 2)]
    [InlineData("fog,fog", 1)]
    public void Given_a_corruption_list_When_parsed_Then_names_come_back(string spec, int count) =>
        Assert.Equal(count, ImageCorruptions.Parse(spec).Count);

    [Theory]
    [InlineData("fog,rain", "unknown corruption 'rain'")]
    [InlineData(" , ", "give 'all'")]
    public void Given_a_bad_corruption_list_When_parsed_Then_the_flag_is_named(string spec, string problem)
    {
        var e = Assert.Throws<UserInputException>(() => ImageCorruptions.Parse(spec));
        Assert.Equal("--corruptions", e.Subject);
        Assert.Contains(problem, e.Problem);
    }

    [Theory]
    [InlineData("1-5", new[] { 1, 2, 3, 4, 5 })]
    [InlineData("3", new[] { 3 })]
    [InlineData("5,1,3", new[] { 1, 3, 5 })]
    [InlineData("2-3,3-4", new[] { 2, 3, 4 })]
    public void Given_severities_When_parsed_Then_sorted_distinct_values_come_back(string spec, int[] expected) =>
        Assert.Equal(expected, ImageCorruptions.ParseSeverities(spec));

    [Theory]
    [InlineData("0")]
    [InlineData("6")]
    [InlineData("4-2")]
    [InlineData("x")]
    [InlineData("1-2-3")]
    [InlineData("")]
    public void Given_bad_severities_When_parsed_Then_the_flag_is_named(string spec) =>
        Assert.Equal("--severities", Assert.Throws<UserInputException>(() => ImageCorruptions.ParseSeverities(spec)).Subject);
}

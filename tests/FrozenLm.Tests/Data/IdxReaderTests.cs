using FrozenLm.Data;

namespace FrozenLm.Tests.Data;

public sealed class IdxReaderTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Given_an_IDX_folder_When_opened_Then_pixels_labels_and_names_match_the_files(bool gzip)
    {
        var dir = DataFixtures.IdxFolder(Path.Combine(TestPaths.NewTempDir("idx"), "mnist"), 12, 4, 5, gzip);

        var splits = ImageDataSources.Open(dir);

        Assert.Equal("idx", splits.Format);
        Assert.Equal((12, 1, 4, 5), (splits.Train.Count, splits.Train.Channels, splits.Train.Height, splits.Train.Width));
        Assert.Equal(2, splits.Test.Count);
        Assert.Equal(["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"], splits.Train.ClassNames);
        Assert.Equal(11 % 10, splits.Train.GetLabel(11));
        var image = new float[20];
        splits.Train.ReadImage(7, image);
        Assert.Equal(DataFixtures.Pixel(7, 2, 3) / 255f, image[2 * 5 + 3]);
        Assert.Equal(DataFixtures.Pixel(7, 0, 0) / 255f, image[0]);
    }

    [Fact]
    public void Given_a_folder_named_fashion_When_opened_Then_the_Fashion_MNIST_class_names_are_used()
    {
        var dir = DataFixtures.IdxFolder(Path.Combine(TestPaths.NewTempDir("idx"), "my-fashion"), 3, 2, 2, gzip: true);

        var splits = ImageDataSources.Open(dir);

        Assert.Equal("T-shirt/top", splits.Train.ClassNames[0]);
        Assert.Equal("Ankle boot", splits.Train.ClassNames[9]);
    }

    [Fact]
    public void Given_a_wrong_magic_When_opened_Then_the_image_file_is_named()
    {
        var dir = DataFixtures.IdxFolder(TestPaths.NewTempDir("idx"), 3, 2, 2, gzip: false);
        var path = Path.Combine(dir, "train-images-idx3-ubyte");
        var bytes = File.ReadAllBytes(path);
        bytes[0] = 0x1f;
        File.WriteAllBytes(path, bytes);

        var e = Assert.Throws<UserInputException>(() => ImageDataSources.Open(dir));

        Assert.Equal(path, e.Subject);
        Assert.Contains("magic", e.Problem);
    }

    [Fact]
    public void Given_dims_that_disagree_with_the_length_When_opened_Then_the_file_is_named()
    {
        var dir = DataFixtures.IdxFolder(TestPaths.NewTempDir("idx"), 3, 2, 2, gzip: false);
        var path = Path.Combine(dir, "train-images-idx3-ubyte");
        File.WriteAllBytes(path, DataFixtures.Idx([3, 2, 2], new byte[11]));

        var e = Assert.Throws<UserInputException>(() => ImageDataSources.Open(dir));

        Assert.Equal(path, e.Subject);
        Assert.Contains("need 12 bytes", e.Problem);
    }

    [Fact]
    public void Given_a_truncated_gz_When_opened_Then_the_file_is_named()
    {
        var dir = DataFixtures.IdxFolder(TestPaths.NewTempDir("idx"), 40, 8, 8, gzip: true);
        var path = Path.Combine(dir, "train-images-idx3-ubyte.gz");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);

        var e = Assert.Throws<UserInputException>(() => ImageDataSources.Open(dir));

        Assert.Equal(path, e.Subject);
    }

    [Fact]
    public void Given_fewer_labels_than_images_When_opened_Then_the_label_file_is_named()
    {
        var dir = DataFixtures.IdxFolder(TestPaths.NewTempDir("idx"), 3, 2, 2, gzip: false);
        var path = Path.Combine(dir, "train-labels-idx1-ubyte");
        File.WriteAllBytes(path, DataFixtures.Idx([2], [0, 1]));

        var e = Assert.Throws<UserInputException>(() => ImageDataSources.Open(dir));

        Assert.Equal(path, e.Subject);
        Assert.Contains("2 labels for 3 images", e.Problem);
    }

    [Fact]
    public void Given_a_label_out_of_range_When_opened_Then_the_label_file_is_named()
    {
        var dir = DataFixtures.IdxFolder(TestPaths.NewTempDir("idx"), 3, 2, 2, gzip: false);
        var path = Path.Combine(dir, "t10k-labels-idx1-ubyte");
        File.WriteAllBytes(path, DataFixtures.Idx([2], [0, 10]));

        var e = Assert.Throws<UserInputException>(() => ImageDataSources.Open(dir));

        Assert.Equal(path, e.Subject);
        Assert.Contains("label 10", e.Problem);
    }

    [Fact]
    public void Given_an_unknown_name_When_opened_Then_the_data_flag_is_blamed()
    {
        var e = Assert.Throws<UserInputException>(() => ImageDataSources.Open("no-such-data-set-xyz"));

        Assert.Equal("--data", e.Subject);
    }

    [Fact]
    public void Given_an_unknown_format_When_opened_Then_the_format_flag_is_blamed()
    {
        var dir = DataFixtures.IdxFolder(TestPaths.NewTempDir("idx"), 3, 2, 2, gzip: false);

        var e = Assert.Throws<UserInputException>(() => ImageDataSources.Open(dir, "tfrecord"));

        Assert.Equal("--format", e.Subject);
    }

    [Fact]
    public void Given_a_validation_fraction_When_opened_Then_a_stratified_seeded_split_of_train_is_the_test_split()
    {
        var dir = DataFixtures.IdxFolder(TestPaths.NewTempDir("idx"), 100, 2, 2, gzip: false);

        var a = ImageDataSources.Open(dir, seed: 3, validationFraction: 0.2);
        var b = ImageDataSources.Open(dir, seed: 3, validationFraction: 0.2);
        var c = ImageDataSources.Open(dir, seed: 4, validationFraction: 0.2);

        Assert.Equal((80, 20), (a.Train.Count, a.Test.Count));
        var perClass = Enumerable.Range(0, a.Test.Count).GroupBy(a.Test.GetLabel).Select(g => g.Count()).ToArray();
        Assert.Equal(Enumerable.Repeat(2, 10), perClass);
        Assert.EndsWith("/val", a.Test.Name);
        Assert.Equal(Pixels(a.Test), Pixels(b.Test));
        Assert.NotEqual(Pixels(a.Test), Pixels(c.Test));
    }

    private static float[] Pixels(IImageDataset d)
    {
        var size = d.Channels * d.Height * d.Width;
        var all = new float[d.Count * size];
        for (var i = 0; i < d.Count; i++)
            d.ReadImage(i, all.AsSpan(i * size, size));
        return all;
    }
}

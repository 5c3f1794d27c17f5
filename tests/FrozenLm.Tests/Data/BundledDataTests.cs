using FrozenLm.Data;
using FrozenLm.Data.Formats;

namespace FrozenLm.Tests.Data;

public sealed class BundledDataTests
{
    private const string DebianDir = "/usr/share/datasets/fashion-mnist";

    [Fact]
    public void Given_the_default_name_When_opened_Then_the_embedded_subset_has_8000_plus_2000_balanced_images()
    {
        var splits = ImageDataSources.Open("fashion-mnist-mini");

        Assert.Equal((8000, 2000), (splits.Train.Count, splits.Test.Count));
        Assert.Equal((1, 28, 28), (splits.Train.Channels, splits.Train.Height, splits.Train.Width));
        Assert.Equal("Ankle boot", splits.Train.ClassNames[9]);
        Assert.All(Enumerable.Range(0, 8000).GroupBy(splits.Train.GetLabel), g => Assert.Equal(800, g.Count()));
        Assert.All(Enumerable.Range(0, 2000).GroupBy(splits.Test.GetLabel), g => Assert.Equal(200, g.Count()));
        Assert.Equal(ImageDataSources.BuiltInNames[0], splits.Source);
        // Known pixels of the first image (source training image 0, an ankle boot), read with numpy from the Debian file.
        Assert.Equal(9, splits.Train.GetLabel(0));
        var first = Image(splits.Train, 0);
        Assert.Equal(217 / 255f, first[14 * 28 + 14]);
        Assert.Equal(210 / 255f, first[10 * 28 + 20]);
        Assert.Equal(76247, (int)Math.Round(first.Sum() * 255));
    }

    [Fact]
    public void Given_the_Debian_files_When_compared_Then_the_subset_images_are_the_documented_source_images()
    {
        if (!File.Exists(Path.Combine(DebianDir, "train-images-idx3-ubyte.gz")))
            return;
        var mini = ImageDataSources.Open("fashion-mnist-mini");
        var full = ImageDataSources.Open("fashion-mnist");

        Assert.Equal((60000, 10000), (full.Train.Count, full.Test.Count));
        Assert.Equal(Image(full.Train, 0), Image(mini.Train, 0));
        Assert.Equal(Image(full.Test, 3), Image(mini.Test, 0));
        Assert.Equal(full.Train.GetLabel(0), mini.Train.GetLabel(0));
    }

    [Fact]
    public void Given_the_mini_set_and_a_validation_fraction_When_opened_Then_val_is_carved_from_train_class_balanced()
    {
        var splits = ImageDataSources.Open("fashion-mnist-mini", "idx", seed: 5, validationFraction: 0.1);

        Assert.Equal((7200, 800), (splits.Train.Count, splits.Test.Count));
        Assert.Equal("fashion-mnist-mini/val", splits.Test.Name);
        Assert.All(Enumerable.Range(0, 800).GroupBy(splits.Test.GetLabel), g => Assert.Equal(80, g.Count()));
    }

    [Fact]
    public void Given_no_Debian_package_When_the_full_set_is_asked_for_Then_the_message_says_how_to_install_it()
    {
        var e = Assert.Throws<UserInputException>(() => BundledFashionMnist.OpenFull("/nonexistent/fashion-mnist"));

        Assert.Equal("--data", e.Subject);
        Assert.Contains("apt-get install dataset-fashion-mnist", e.Problem);
    }

    private static float[] Image(IImageDataset d, int index)
    {
        var image = new float[d.Channels * d.Height * d.Width];
        d.ReadImage(index, image);
        return image;
    }
}

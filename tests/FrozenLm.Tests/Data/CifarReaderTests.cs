using FrozenLm.Data;

namespace FrozenLm.Tests.Data;

public sealed class CifarReaderTests
{
    private static string Cifar10Folder()
    {
        var root = Path.Combine(TestPaths.NewTempDir("cifar10"), "cifar-10-batches-bin");
        Directory.CreateDirectory(root);
        File.WriteAllBytes(Path.Combine(root, "data_batch_1.bin"), DataFixtures.CifarRecords(3, 1, n => [(byte)(n + 4)]));
        File.WriteAllBytes(Path.Combine(root, "data_batch_2.bin"), DataFixtures.CifarRecords(2, 1, n => [(byte)9]));
        File.WriteAllBytes(Path.Combine(root, "test_batch.bin"), DataFixtures.CifarRecords(2, 1, n => [(byte)n]));
        return Path.GetDirectoryName(root)!;
    }

    [Fact]
    public void Given_a_CIFAR10_folder_When_opened_Then_batches_are_concatenated_with_CHW_pixels_and_labels()
    {
        var splits = ImageDataSources.Open(Cifar10Folder());

        Assert.Equal("cifar10", splits.Format);
        Assert.Equal((5, 3, 32, 32), (splits.Train.Count, splits.Train.Channels, splits.Train.Height, splits.Train.Width));
        Assert.Equal([4, 5, 6, 9, 9], Enumerable.Range(0, 5).Select(splits.Train.GetLabel));
        Assert.Equal("airplane", splits.Train.ClassNames[0]);
        Assert.Equal("truck", splits.Train.ClassNames[9]);
        var image = new float[3072];
        splits.Train.ReadImage(1, image);
        Assert.Equal(DataFixtures.CifarPixel(1, 2, 100) / 255f, image[2 * 1024 + 100]);
        Assert.Equal(DataFixtures.CifarPixel(1, 0, 5) / 255f, image[5]);
        Assert.Equal(2, splits.Test.Count);
    }

    [Fact]
    public void Given_a_CIFAR100_folder_with_fine_names_When_opened_Then_fine_labels_and_names_are_used()
    {
        var dir = TestPaths.NewTempDir("cifar100");
        File.WriteAllBytes(Path.Combine(dir, "train.bin"), DataFixtures.CifarRecords(2, 2, n => [(byte)(n + 1), (byte)(50 + n)]));
        File.WriteAllBytes(Path.Combine(dir, "test.bin"), DataFixtures.CifarRecords(1, 2, n => [0, 99]));
        File.WriteAllLines(Path.Combine(dir, "fine_label_names.txt"), Enumerable.Range(0, 100).Select(i => $"fine{i}"));

        var splits = ImageDataSources.Open(dir);

        Assert.Equal("cifar100", splits.Format);
        Assert.Equal([50, 51], new[] { splits.Train.GetLabel(0), splits.Train.GetLabel(1) });
        Assert.Equal(99, splits.Test.GetLabel(0));
        Assert.Equal("fine50", splits.Train.ClassNames[50]);
        var image = new float[3072];
        splits.Train.ReadImage(1, image);
        Assert.Equal(DataFixtures.CifarPixel(1, 1, 1023) / 255f, image[2047]);
    }

    [Fact]
    public void Given_a_CIFAR100_folder_without_names_When_opened_Then_classes_are_numbered()
    {
        var dir = TestPaths.NewTempDir("cifar100");
        File.WriteAllBytes(Path.Combine(dir, "train.bin"), DataFixtures.CifarRecords(1, 2, n => [1, 7]));
        File.WriteAllBytes(Path.Combine(dir, "test.bin"), DataFixtures.CifarRecords(1, 2, n => [1, 7]));

        var splits = ImageDataSources.Open(dir, "cifar100");

        Assert.Equal(100, splits.Train.ClassNames.Count);
        Assert.Equal("class_7", splits.Train.ClassNames[splits.Train.GetLabel(0)]);
    }

    [Fact]
    public void Given_a_CIFAR_file_whose_length_is_not_a_record_multiple_When_opened_Then_the_file_is_named()
    {
        var dir = Cifar10Folder();
        var path = Path.Combine(dir, "cifar-10-batches-bin", "data_batch_2.bin");
        File.WriteAllBytes(path, new byte[3073 + 10]);

        var e = Assert.Throws<UserInputException>(() => ImageDataSources.Open(dir));

        Assert.Equal(path, e.Subject);
        Assert.Contains("3073-byte", e.Problem);
    }

    [Fact]
    public void Given_a_CIFAR10_label_out_of_range_When_opened_Then_the_file_is_named()
    {
        var dir = Cifar10Folder();
        var path = Path.Combine(dir, "cifar-10-batches-bin", "test_batch.bin");
        File.WriteAllBytes(path, DataFixtures.CifarRecords(1, 1, n => [10]));

        var e = Assert.Throws<UserInputException>(() => ImageDataSources.Open(dir));

        Assert.Equal(path, e.Subject);
    }
}

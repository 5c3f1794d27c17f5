using FrozenLm.Data;
using SkiaSharp;

namespace FrozenLm.Tests.Data;

public sealed class ImageFolderTests
{
    [Fact]
    public void Given_a_PNG_written_by_SkiaSharp_When_loaded_at_its_size_Then_pixels_come_back_exactly_in_CHW()
    {
        var path = Path.Combine(TestPaths.NewTempDir("png"), "g.png");
        DataFixtures.GradientPng(path, 6, 4);

        var image = ImageFiles.LoadImage(path, 3, 4, 6);

        Assert.Equal(10 * 5 / 255f, image[0 * 24 + 3 * 6 + 5]);
        Assert.Equal(20 * 3 / 255f, image[1 * 24 + 3 * 6 + 5]);
        Assert.Equal(7 / 255f, image[2 * 24 + 0]);
    }

    [Fact]
    public void Given_an_RGB_image_When_loaded_as_gray_and_resized_Then_luminance_is_used_and_a_solid_colour_stays_solid()
    {
        var path = Path.Combine(TestPaths.NewTempDir("png"), "solid.png");
        DataFixtures.SolidImage(path, 9, 5, new SKColor(200, 100, 50));

        var image = ImageFiles.LoadImage(path, 1, 16, 16);

        var expected = (0.299f * 200 + 0.587f * 100 + 0.114f * 50) / 255f;
        Assert.Equal(256, image.Length);
        Assert.All(image, v => Assert.Equal(expected, v, 5));
    }

    [Fact]
    public void Given_a_two_pixel_image_When_upsampled_Then_bilinear_interpolation_with_half_pixel_centres_is_used()
    {
        var path = Path.Combine(TestPaths.NewTempDir("png"), "two.png");
        DataFixtures.GradientPng(path, 2, 1);

        var image = ImageFiles.LoadImage(path, 3, 1, 4);

        // Red is 0 and 10 at source x 0 and 1; outputs sample x = -0.25, 0.25, 0.75, 1.25 (edges clamp).
        Assert.Equal(new[] { 0f, 2.5f, 7.5f, 10f }.Select(v => v / 255f), image[..4], new FloatTolerance(1e-6f));
    }

    [Fact]
    public void Given_a_file_that_is_not_an_image_When_loaded_Then_the_file_is_named()
    {
        var path = Path.Combine(TestPaths.NewTempDir("png"), "fake.png");
        File.WriteAllText(path, "this is text, not a PNG");

        var e = Assert.Throws<UserInputException>(() => ImageFiles.LoadImage(path, 3, 8, 8));

        Assert.Equal(path, e.Subject);
        Assert.Equal("not a decodable PNG/JPEG image", e.Problem);
    }

    [Fact]
    public void Given_a_BMP_header_claiming_16_megapixels_in_54_bytes_When_loaded_Then_it_is_refused_before_decoding()
    {
        var path = Path.Combine(TestPaths.NewTempDir("bmp"), "forged.bmp");
        var header = new byte[54];
        "BM"u8.CopyTo(header);
        BitConverter.TryWriteBytes(header.AsSpan(2), 54 + 4000 * 4000 * 3);
        BitConverter.TryWriteBytes(header.AsSpan(10), 54);
        BitConverter.TryWriteBytes(header.AsSpan(14), 40);
        BitConverter.TryWriteBytes(header.AsSpan(18), 4000);
        BitConverter.TryWriteBytes(header.AsSpan(22), 4000);
        BitConverter.TryWriteBytes(header.AsSpan(26), (short)1);
        BitConverter.TryWriteBytes(header.AsSpan(28), (short)24);
        File.WriteAllBytes(path, header);

        var e = Assert.Throws<UserInputException>(() => ImageFiles.LoadImage(path, 3, 8, 8));

        Assert.Equal(path, e.Subject);
        Assert.Equal("the header claims 4000 x 4000 pixels, more than a 54-byte file can hold (truncated or corrupt)", e.Problem);
    }

    [Fact]
    public void Given_a_7_byte_file_that_Skia_reads_as_a_4096_x_14848_WBMP_When_loaded_Then_the_format_is_refused()
    {
        var path = Path.Combine(TestPaths.NewTempDir("wbmp"), "short.png");
        File.WriteAllBytes(path, [0x00, 0x00, 0xa0, 0x00, 0xf4, 0x00, 0x00]);

        var e = Assert.Throws<UserInputException>(() => ImageFiles.Probe(path));

        Assert.Equal("not a PNG, JPEG, BMP or GIF image (it decodes as WBMP)", e.Problem);
    }

    [Fact]
    public void Given_a_solid_2000_x_2000_PNG_When_loaded_Then_the_pixels_per_byte_bound_does_not_refuse_it()
    {
        var path = Path.Combine(TestPaths.NewTempDir("png"), "big-solid.png");
        DataFixtures.SolidImage(path, 2000, 2000, new SKColor(10, 20, 30));
        Assert.True(new FileInfo(path).Length * ImageFiles.MaxPixelsPerByte > 2000L * 2000, $"{new FileInfo(path).Length} bytes");

        var image = ImageFiles.LoadImage(path, 3, 2, 2);

        Assert.Equal(10 / 255f, image[0], 6);
    }

    [Fact]
    public void Given_train_and_test_folders_When_opened_Then_classes_are_sorted_folder_names_and_images_decode()
    {
        var dir = TestPaths.NewTempDir("imgfolder");
        foreach (var split in new[] { "train", "val" })
        {
            DataFixtures.SolidImage(Path.Combine(dir, split, "zebra", "a.png"), 8, 6, new SKColor(255, 255, 255));
            DataFixtures.SolidImage(Path.Combine(dir, split, "cat", "b.jpg"), 8, 6, new SKColor(0, 0, 0), SKEncodedImageFormat.Jpeg);
        }
        DataFixtures.SolidImage(Path.Combine(dir, "train", "cat", "c.png"), 16, 12, new SKColor(0, 0, 0));

        var splits = ImageDataSources.Open(dir);

        Assert.Equal("imagefolder", splits.Format);
        Assert.Equal(["cat", "zebra"], splits.Train.ClassNames);
        Assert.Equal((3, 3, 6, 8), (splits.Train.Count, splits.Train.Channels, splits.Train.Height, splits.Train.Width));
        Assert.Equal([0, 0, 1], Enumerable.Range(0, 3).Select(splits.Train.GetLabel));
        Assert.Equal(2, splits.Test.Count);
        var image = new float[3 * 6 * 8];
        splits.Test.ReadImage(1, image);
        Assert.All(image, v => Assert.Equal(1f, v));
    }

    [Fact]
    public void Given_a_flat_class_folder_layout_When_opened_Then_a_seeded_stratified_split_is_made()
    {
        var dir = TestPaths.NewTempDir("imgfolder");
        for (var i = 0; i < 5; i++)
        {
            DataFixtures.SolidImage(Path.Combine(dir, "a", $"{i}.png"), 4, 4, new SKColor(10, 10, 10));
            DataFixtures.SolidImage(Path.Combine(dir, "b", $"{i}.png"), 4, 4, new SKColor(20, 20, 20));
        }

        var splits = ImageDataSources.Open(dir, seed: 1, validationFraction: 0.4);

        Assert.Equal((6, 4), (splits.Train.Count, splits.Test.Count));
        Assert.Equal(2, Enumerable.Range(0, 4).Count(i => splits.Test.GetLabel(i) == 0));
    }

    [Fact]
    public void Given_an_empty_class_folder_When_opened_Then_that_folder_is_named()
    {
        var dir = TestPaths.NewTempDir("imgfolder");
        DataFixtures.SolidImage(Path.Combine(dir, "train", "a", "0.png"), 4, 4, SKColors.Red);
        Directory.CreateDirectory(Path.Combine(dir, "train", "b"));
        DataFixtures.SolidImage(Path.Combine(dir, "test", "a", "0.png"), 4, 4, SKColors.Red);

        var e = Assert.Throws<UserInputException>(() => ImageDataSources.Open(dir, "imagefolder"));

        Assert.Equal(Path.Combine(dir, "train", "b"), e.Subject);
    }

    [Fact]
    public void Given_an_undecodable_image_in_a_folder_When_read_Then_that_file_is_named()
    {
        var dir = TestPaths.NewTempDir("imgfolder");
        DataFixtures.SolidImage(Path.Combine(dir, "train", "a", "0.png"), 4, 4, SKColors.Red);
        DataFixtures.SolidImage(Path.Combine(dir, "train", "b", "0.png"), 4, 4, SKColors.Red);
        var bad = Path.Combine(dir, "train", "b", "1.png");
        File.WriteAllBytes(bad, [1, 2, 3, 4]);
        DataFixtures.SolidImage(Path.Combine(dir, "test", "a", "0.png"), 4, 4, SKColors.Red);
        var splits = ImageDataSources.Open(dir);

        var e = Assert.Throws<UserInputException>(() => splits.Train.ReadImage(2, new float[48]));

        Assert.Equal(bad, e.Subject);
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(float obj) => 0;
    }
}

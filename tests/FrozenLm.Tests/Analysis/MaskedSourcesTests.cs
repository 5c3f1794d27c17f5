using FrozenLm.Data;
using SkiaSharp;

namespace FrozenLm.Tests.Analysis;

public sealed class MaskedSourcesTests
{
    private static void WritePng(string path, int size, Func<int, int, SKColor> pixel)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var bitmap = new SKBitmap(new SKImageInfo(size, size, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
                bitmap.SetPixel(x, y, pixel(x, y));
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    [Fact]
    public void Given_imagenet_s_style_folders_When_opened_Then_images_pair_with_masks_and_unmasked_ones_are_left_out()
    {
        var root = TestPaths.NewTempDir("imagenet-s");
        var images = Path.Combine(root, "validation");
        var masks = Path.Combine(root, "validation-segmentation");
        WritePng(Path.Combine(images, "cat", "a.png"), 8, (_, _) => new SKColor(200, 200, 200));
        WritePng(Path.Combine(images, "dog", "b.png"), 8, (_, _) => new SKColor(10, 10, 10));
        WritePng(Path.Combine(images, "dog", "c.png"), 8, (_, _) => new SKColor(10, 10, 10));
        WritePng(Path.Combine(masks, "cat", "a.png"), 8, (x, _) => x < 4 ? new SKColor(0, 0, 0) : new SKColor(5, 1, 0));
        WritePng(Path.Combine(masks, "dog", "b.png"), 8, (_, y) => y < 2 ? new SKColor(9, 0, 0) : new SKColor(0, 0, 0));
        var set = new MaskedImageFolder(images, masks, 1, 4, 4);
        Assert.Equal(2, set.Count);
        Assert.Equal(["cat", "dog"], set.ClassNames);
        Assert.Equal((0, 1), (set.GetLabel(0), set.GetLabel(1)));
        var mask = new float[16];
        set.ReadMask(0, mask);
        Assert.Equal(new float[] { 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1, 0, 0, 1, 1 }, mask);
        set.ReadMask(1, mask);
        Assert.Equal(4f, mask.Sum());
        var pixels = new float[16];
        set.ReadImage(0, pixels);
        Assert.All(pixels, v => Assert.Equal(200 / 255f, v, 3));
        Assert.Throws<UserInputException>(() => new MaskedImageFolder(images, Path.Combine(root, "none"), 1, 4, 4));
    }

    [Fact]
    public void Given_cluttered_names_When_parsed_Then_the_inner_source_is_found()
    {
        Assert.True(ClutteredImageData.TryParse("cluttered", out var a));
        Assert.Equal("fashion-mnist-mini", a);
        Assert.True(ClutteredImageData.TryParse("Cluttered:/data/cifar", out var b));
        Assert.Equal("/data/cifar", b);
        Assert.False(ClutteredImageData.TryParse("fashion-mnist", out _));
        Assert.Equal("--data", Assert.Throws<UserInputException>(() => ClutteredImageData.TryParse("cluttered:", out _)).Subject);
    }

    [Fact]
    public void Given_the_cluttered_built_in_When_opened_Then_both_splits_are_masked_and_validation_is_carved_first()
    {
        var plain = ImageDataSources.Open("fashion-mnist-mini", seed: 1, validationFraction: 0.1);
        var splits = ImageDataSources.Open("cluttered", seed: 1, validationFraction: 0.1);
        var train = Assert.IsAssignableFrom<IMaskedImageDataset>(splits.Train);
        var test = Assert.IsAssignableFrom<IMaskedImageDataset>(splits.Test);
        Assert.Equal(plain.Train.Count, train.Count);
        Assert.Equal(plain.Test.Count, test.Count);
        Assert.Equal(plain.Test.GetLabel(5), test.GetLabel(5));
        Assert.StartsWith("cluttered:", splits.Source);
        var mask = new float[test.Height * test.Width];
        test.ReadMask(0, mask);
        Assert.InRange(mask.Sum(), 1, mask.Length - 1);
    }
}

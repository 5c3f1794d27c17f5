using FrozenLm.Data;
using SkiaSharp;

namespace FrozenLm.Tests.Analysis;

public sealed class ObjectMaskFileTests
{
    [Fact]
    public void Given_an_imagenet_s_style_png_When_loaded_Then_any_non_zero_pixel_is_object()
    {
        // 4x4 PNG: class ids in R (low byte) and G (high byte), as ImageNet-S stores them; (0,0,0) is background.
        var dir = TestPaths.NewTempDir("masks");
        var path = Path.Combine(dir, "m.png");
        using (var bitmap = new SKBitmap(new SKImageInfo(4, 4, SKColorType.Rgba8888, SKAlphaType.Unpremul)))
        {
            bitmap.Erase(new SKColor(0, 0, 0, 255));
            bitmap.SetPixel(0, 0, new SKColor(7, 0, 0, 255));
            bitmap.SetPixel(1, 0, new SKColor(0, 3, 0, 255));
            bitmap.SetPixel(3, 3, new SKColor(0, 0, 1, 255));
            using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(path, data.ToArray());
        }
        var full = ObjectMaskFile.Load(path, 4, 4);
        Assert.Equal(3f, full.Sum());
        Assert.Equal(1f, full[0]);
        Assert.Equal(1f, full[1]);
        Assert.Equal(1f, full[15]);
        // Nearest neighbour to 2x2 samples source pixels (1,1), (3,1), (1,3), (3,3).
        Assert.Equal(new[] { 0f, 0f, 0f, 1f }, ObjectMaskFile.Load(path, 2, 2));
    }

    [Fact]
    public void Given_a_missing_or_corrupt_file_When_loaded_Then_a_user_error_names_it()
    {
        var dir = TestPaths.NewTempDir("masks-bad");
        var missing = Path.Combine(dir, "none.png");
        Assert.Equal(missing, Assert.Throws<UserInputException>(() => ObjectMaskFile.Load(missing, 2, 2)).Subject);
        var corrupt = Path.Combine(dir, "bad.png");
        File.WriteAllBytes(corrupt, [1, 2, 3, 4, 5]);
        Assert.Equal(corrupt, Assert.Throws<UserInputException>(() => ObjectMaskFile.Load(corrupt, 2, 2)).Subject);
    }
}

using FrozenLm.Data.Corruptions;
using static FrozenLm.Tests.Data.Corruptions.CorruptionFixtures;

namespace FrozenLm.Tests.Data.Corruptions;

/// <summary>Each corruption against properties computed by hand from the ImageNet-C / CIFAR-10-C definitions.</summary>
public sealed class CorruptionPropertyTests
{
    private static readonly CorruptionScale[] Scales = [CorruptionScale.Cifar, CorruptionScale.ImageNet];

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(5)]
    public void Given_gaussian_noise_on_mid_gray_Then_the_noise_has_mean_0_and_the_severitys_sigma(int severity)
    {
        var sigma = GaussianNoise.Sigma[CorruptionScale.Cifar, severity];
        var output = Apply("gaussian_noise", Constant(3, 64, 0.5f), 3, 64, severity);
        var (mean, std) = Moments(output.Select(v => v - 0.5));
        Assert.InRange(mean, -4 * sigma / Math.Sqrt(output.Length), 4 * sigma / Math.Sqrt(output.Length));
        Assert.InRange(std / sigma, 0.95, 1.05);
    }

    [Theory]
    [InlineData(CorruptionScale.Cifar, 1)]   // rate 500: mean 100, the rejection sampler
    [InlineData(CorruptionScale.Cifar, 5)]   // rate 50: mean 10
    [InlineData(CorruptionScale.ImageNet, 5)] // rate 3: mean 0.6, the product method
    public void Given_shot_noise_on_dark_gray_Then_counts_are_poisson_with_the_severitys_rate(CorruptionScale scale, int severity)
    {
        var rate = ShotNoise.Rate[scale, severity];
        var output = ApplyAt(new ShotNoise(), Constant(3, 64, 0.2f), 3, 64, severity, scale);
        var counts = output.Select(v => Math.Round(v * rate)).ToList();
        Assert.All(output.Zip(counts), p => Assert.Equal(p.Second / rate, p.First, 5));
        var (mean, std) = Moments(counts);
        var lambda = 0.2 * rate;
        Assert.InRange(mean / lambda, 0.97, 1.03);
        Assert.InRange(std * std / lambda, 0.9, 1.1);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(5)]
    public void Given_impulse_noise_Then_the_severitys_fraction_of_values_turns_0_or_1_in_equal_parts(int severity)
    {
        var amount = ImpulseNoise.Amount[CorruptionScale.Cifar, severity];
        var output = Apply("impulse_noise", Constant(3, 64, 0.5f), 3, 64, severity);
        Assert.All(output, v => Assert.True(v is 0f or 0.5f or 1f));
        var changed = output.Count(v => v != 0.5f) / (double)output.Length;
        Assert.InRange(changed, amount * 0.85, amount * 1.15);
        var salt = output.Count(v => v == 1f) / (double)output.Count(v => v != 0.5f);
        Assert.InRange(salt, 0.4, 0.6);
    }

    [Fact]
    public void Given_every_defocus_severity_Then_the_disk_kernel_sums_to_1_and_is_symmetric_and_keeps_flat_images()
    {
        foreach (var scale in Scales)
            for (var s = 1; s <= 5; s++)
            {
                var (radius, alias) = DefocusBlur.Disk[scale, s];
                var k = DefocusBlur.Kernel(radius, alias);
                var n = k.GetLength(0);
                Assert.Equal(2 * Math.Max(8, (int)Math.Ceiling(radius)) + 1, n);
                Assert.Equal(1.0, k.Cast<double>().Sum(), 9);
                for (var y = 0; y < n; y++)
                    for (var x = 0; x < n; x++)
                        Assert.Equal(k[y, x], k[n - 1 - y, n - 1 - x], 9);
            }
        var flat = Apply("defocus_blur", Constant(3, 32, 0.3f), 3, 32, 5);
        Assert.All(flat, v => Assert.Equal(0.3f, v, 5));
    }

    [Fact]
    public void Given_motion_blur_kernels_Then_taps_are_2_ceil_radius_plus_1_weights_sum_to_1_and_run_along_the_angle()
    {
        foreach (var scale in Scales)
            for (var s = 1; s <= 5; s++)
            {
                var (radius, sigma) = MotionBlur.Settings[scale, s];
                var k = new MotionBlurKernel(radius, sigma, 0);
                Assert.Equal(2 * (int)Math.Ceiling(radius) + 1, k.Weights.Length);
                Assert.Equal(1.0, k.Weights.Sum(), 12);
                Assert.Equal(Enumerable.Range(0, k.Weights.Length), k.Dx);
                Assert.All(k.Dy, d => Assert.Equal(0, d));
                Assert.True(k.Weights.Zip(k.Weights.Skip(1)).All(p => p.First >= p.Second));
            }
        var diagonal = new MotionBlurKernel(3, 1, 45);
        Assert.Equal(diagonal.Dx, diagonal.Dy);
    }

    [Fact]
    public void Given_zoom_blur_Then_the_factors_match_numpy_arange_lengths_and_a_flat_image_stays_flat()
    {
        // len(np.arange(1, end, step)) for each severity, from numpy 1.24
        int[] cifar = [7, 12, 16, 21, 26], imagenet = [12, 16, 11, 13, 11];
        for (var s = 1; s <= 5; s++)
        {
            Assert.Equal(cifar[s - 1], ZoomBlur.Factors(CorruptionScale.Cifar, s).Length);
            Assert.Equal(imagenet[s - 1], ZoomBlur.Factors(CorruptionScale.ImageNet, s).Length);
        }
        Assert.All(Apply("zoom_blur", Constant(1, 32, 0.6f), 1, 32, 5), v => Assert.Equal(0.6f, v, 5));
        var image = Texture(1, 16);
        var same = new float[image.Length];
        ClippedZoom.Apply(image, same, 16, 16, 1.0);
        Assert.Equal(image, same);
    }

    [Fact]
    public void Given_a_gaussian_kernel_Then_it_sums_to_1_with_scipys_radius()
    {
        var k = CorruptionFilters.GaussianKernel(1.5, 4);
        Assert.Equal(2 * (int)(4 * 1.5 + 0.5) + 1, k.Length);
        Assert.Equal(1.0, k.Sum(), 12);
        Assert.All(Apply("glass_blur", Constant(3, 32, 0.5f), 3, 32, 5), v => Assert.Equal(MathF.Floor(0.5f * 255) / 255, v, 5));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Given_brightness_Then_gray_adds_the_shift_and_rgb_raises_the_hsv_value_by_it_keeping_the_hue(int severity)
    {
        var shift = (float)Brightness.Shift[CorruptionScale.Cifar, severity];
        var gray = Texture(1, 16);
        var brighter = Apply("brightness", gray, 1, 16, severity);
        Assert.All(gray.Zip(brighter), p => Assert.Equal(Math.Min(1f, p.First + shift), p.Second, 6));

        float[] rgb = [0.2f, 0.4f, 0.1f];                       // one pixel: R, G, B planes of a 1x1 image
        var output = rgb.ToArray();
        new Brightness().Apply(output, new PlaneShape(3, 1, 1), severity, CorruptionScale.Cifar, new(0, 0, 0, 0));
        Assert.Equal(0.4f + shift, output.Max(), 6);
        Assert.Equal(0.2f / 0.4f, output[0] / output[1], 5);
        Assert.Equal(0.1f / 0.4f, output[2] / output[1], 5);
    }

    [Theory]
    [InlineData(CorruptionScale.Cifar, 2)]
    [InlineData(CorruptionScale.ImageNet, 5)]
    public void Given_contrast_Then_each_channel_moves_towards_its_mean_by_the_factor(CorruptionScale scale, int severity)
    {
        var factor = Contrast.Factor[scale, severity];
        var image = Texture(3, 16);
        var output = ApplyAt(new Contrast(), image, 3, 16, severity, scale);
        for (var c = 0; c < 3; c++)
        {
            var plane = image.Skip(c * 256).Take(256).ToArray();
            var mean = plane.Average(v => (double)v);
            for (var i = 0; i < 256; i++)
                Assert.Equal((plane[i] - mean) * factor + mean, output[c * 256 + i], 5);
        }
    }

    [Fact]
    public void Given_jpeg_compression_Then_lower_quality_makes_fewer_bytes_and_the_round_trip_keeps_the_image_close()
    {
        var image = Texture(3, 32);
        var shape = new PlaneShape(3, 32, 32);
        var sizes = Enumerable.Range(1, 5).Select(s => JpegCompression.Encode(image, shape, JpegCompression.Quality[CorruptionScale.Cifar, s]).Length).ToList();
        Assert.True(sizes.Zip(sizes.Skip(1)).All(p => p.First > p.Second), string.Join(",", sizes));
        var lossless = JpegCompression.Encode(image, shape, 100);
        Assert.Equal(0xFF, lossless[0]);
        Assert.Equal(0xD8, lossless[1]);
        var smooth = Enumerable.Range(0, 3 * 32 * 32).Select(i => 0.2f + 0.6f * (i % 32 + i / 32 % 32) / 62f).ToArray();
        var mild = Apply("jpeg_compression", smooth, 3, 32, 1);
        Assert.InRange(mild.Zip(smooth).Average(p => Math.Abs(p.First - p.Second)), 1e-4, 0.02);
        var gray = Apply("jpeg_compression", Texture(1, 28), 1, 28, 5);
        Assert.Equal(28 * 28, gray.Length);
    }

    [Fact]
    public void Given_pixelate_Then_box_resizing_averages_blocks_and_keeps_flat_images()
    {
        float[] row = [0f, 1f, 0.5f, 0.5f];                      // 1x4 -> 1x2 averages pairs
        var half = Pixelate.BoxResize(row, new PlaneShape(1, 1, 4), new PlaneShape(1, 1, 2));
        Assert.Equal([0.5f, 0.5f], half);
        Assert.All(Apply("pixelate", Constant(3, 32, 0.7f), 3, 32, 5), v => Assert.Equal(0.7f, v, 5));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    public void Given_fog_on_mid_gray_Then_values_lie_between_the_formulas_bounds(int severity)
    {
        var (strength, _) = Fog.Settings[CorruptionScale.Cifar, severity];
        var output = Apply("fog", Constant(1, 32, 0.5f), 1, 32, severity);
        var low = 0.5 * 0.5 / (0.5 + strength);
        Assert.All(output, v => Assert.InRange(v, low - 1e-5, 0.5 + 1e-5));
        Assert.True(output.Max() - output.Min() > 0.1 * strength, "the fractal varies");
    }

    [Fact]
    public void Given_frost_on_black_Then_the_output_is_the_weighted_texture_within_its_weight()
    {
        var (_, frostWeight) = Frost.Weights[CorruptionScale.Cifar, 5];
        var output = Apply("frost", Constant(3, 32, 0f), 3, 32, 5);
        Assert.All(output, v => Assert.InRange(v, 0, frostWeight + 1e-6));
        Assert.True(output.Average() > 0.02, "the texture is visible");
    }

    [Fact]
    public void Given_snow_Then_it_only_brightens()
    {
        var image = Texture(3, 32);
        var output = Apply("snow", image, 3, 32, 5);
        Assert.All(image.Zip(output), p => Assert.True(p.Second >= Math.Min(1f, p.First) - 1e-6));
    }

    [Fact]
    public void Given_three_point_pairs_Then_the_affine_maps_each_source_onto_its_target_and_elastic_keeps_flat_images()
    {
        (double X, double Y)[] from = [(10, 10), (20, 5), (3, 17)];
        (double X, double Y)[] to = [(11, 9), (22, 6), (2, 19)];
        var m = ElasticTransform.AffineFromPoints(from, to);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(to[i].X, m[0] * from[i].X + m[1] * from[i].Y + m[2], 9);
            Assert.Equal(to[i].Y, m[3] * from[i].X + m[4] * from[i].Y + m[5], 9);
        }
        Assert.All(Apply("elastic_transform", Constant(3, 32, 0.4f), 3, 32, 3), v => Assert.Equal(0.4f, v, 5));
    }
}

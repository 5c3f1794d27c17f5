using FrozenLm.Data;
using FrozenLm.Data.Augmentation;

namespace FrozenLm.Tests.Data;

public sealed class AugmentationTests
{
    private static float[] Ramp(int channels, int h, int w)
    {
        var image = new float[channels * h * w];
        for (var i = 0; i < image.Length; i++)
            image[i] = 0.1f + 0.7f * (i * 37 % 101) / 100f;
        return image;
    }

    [Fact]
    public void Given_an_image_When_flipped_twice_Then_it_is_unchanged_and_once_mirrors_each_row()
    {
        var original = Ramp(3, 5, 7);
        var image = original.ToArray();

        GeometricOps.FlipHorizontal(image, 3, 5, 7);
        Assert.Equal(original[2 * 35 + 4 * 7 + 1], image[2 * 35 + 4 * 7 + 5]);
        GeometricOps.FlipHorizontal(image, 3, 5, 7);

        Assert.Equal(original, image);
    }

    [Fact]
    public void Given_erasing_with_probability_one_When_applied_Then_only_the_returned_rectangle_changes_in_every_channel()
    {
        for (var seed = 0; seed < 20; seed++)
        {
            var original = Ramp(3, 16, 20);
            var image = original.ToArray();

            var box = RandomErasing.Apply(image, 3, 16, 20, 1.0, new SampleRandom(seed, 1, 2, 3));

            Assert.NotNull(box);
            var (top, left, h, w) = box!.Value;
            Assert.InRange(h * w, 1, 16 * 20 / 3 + 20);
            for (var c = 0; c < 3; c++)
                for (var y = 0; y < 16; y++)
                    for (var x = 0; x < 20; x++)
                    {
                        var i = c * 320 + y * 20 + x;
                        var inside = y >= top && y < top + h && x >= left && x < left + w;
                        if (inside)
                            Assert.NotEqual(original[i], image[i]);
                        else
                            Assert.Equal(original[i], image[i]);
                    }
        }
    }

    [Fact]
    public void Given_zero_ops_When_RandAugment_runs_Then_the_image_is_unchanged()
    {
        var original = Ramp(1, 12, 12);
        var image = original.ToArray();

        RandAugment.Apply(image, new float[144], 1, 12, 12, ops: 0, magnitude: 9, [0.5f], new SampleRandom(1, 2, 3, 4));

        Assert.Equal(original, image);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void Given_each_op_at_magnitude_9_When_applied_Then_values_stay_in_range_and_only_identity_is_a_no_op(int channels)
    {
        for (var op = 0; op < RandAugment.OpCount; op++)
        {
            var original = Ramp(channels, 32, 32);
            var image = original.ToArray();
            var fill = Enumerable.Repeat(0.5f, channels).ToArray();

            RandAugment.ApplyOp(op, image, new float[image.Length], channels, 32, 32, 0.9, 1.0, fill);

            Assert.All(image, v => Assert.InRange(v, 0f, 1f));
            if (op == 0)
                Assert.Equal(original, image);
            else
                Assert.True(!original.SequenceEqual(image), $"op {RandAugment.OpNames[op]} left the image unchanged");
        }
    }

    [Fact]
    public void Given_known_pixels_When_solarize_posterize_and_translate_run_Then_results_match_their_definitions()
    {
        var image = new[] { 0.05f, 0.5f, 0.95f, 1f };
        PixelOps.Solarize(image, 0.5f);
        Assert.Equal(new[] { 0.05f, 0.5f, 0.050000012f, 0f }, image);

        var levels = new[] { 200 / 255f };
        PixelOps.Posterize(levels, 4);
        Assert.Equal(192 / 255f, levels[0]);

        var row = new[] { 1f, 2f, 3f, 4f };
        var shifted = new float[4];
        GeometricOps.Warp(row, shifted, 1, 1, 4, 1, 0, -1, 0, 1, 0, [9f]);
        Assert.Equal(new[] { 9f, 1f, 2f, 3f }, shifted);
    }

    [Fact]
    public void Given_mixup_When_a_batch_is_mixed_Then_soft_targets_sum_to_one_and_lambda_matches_the_pixel_mix()
    {
        var (images, labels) = Batch(4, 2, 6);
        var original = images.ToArray();
        var options = new ImageAugmentOptions { MixupAlpha = 0.8 };

        var soft = BatchMixer.Apply(images, 4, 2, 6, labels, 5, options, new SampleRandom(7, 0, 0, -1), out var mix);

        Assert.NotNull(soft);
        Assert.False(mix.Cutmix);
        Assert.InRange(mix.Lambda, 0, 1);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(1f, soft!.Skip(i * 5).Take(5).Sum(), 5);
            Assert.Equal((float)mix.Lambda, soft[i * 5 + labels[i]], 5);
            for (var p = 0; p < 72; p++)
            {
                var expected = mix.Lambda * original[i * 72 + p] + (1 - mix.Lambda) * original[(3 - i) * 72 + p];
                Assert.Equal(expected, images[i * 72 + p], 5);
            }
        }
    }

    [Fact]
    public void Given_cutmix_When_a_batch_is_mixed_Then_lambda_is_the_kept_area_fraction_and_the_box_comes_from_the_partner()
    {
        for (var seed = 0; seed < 10; seed++)
        {
            var (images, labels) = Batch(3, 1, 10);
            var original = images.ToArray();
            var options = new ImageAugmentOptions { CutmixAlpha = 1.0 };

            var soft = BatchMixer.Apply(images, 3, 1, 10, labels, 5, options, new SampleRandom(seed, 0, 0, -1), out var mix);

            Assert.True(mix.Cutmix);
            var boxArea = (mix.Bottom - mix.Top) * (mix.Right - mix.Left);
            Assert.Equal(1.0 - boxArea / 100.0, mix.Lambda, 12);
            Assert.Equal((float)mix.Lambda, soft![0 * 5 + labels[0]], 5);
            Assert.Equal((float)(1 - mix.Lambda), soft[0 * 5 + labels[2]], 5);
            for (var y = 0; y < 10; y++)
                for (var x = 0; x < 10; x++)
                {
                    var inBox = y >= mix.Top && y < mix.Bottom && x >= mix.Left && x < mix.Right;
                    Assert.Equal(original[(inBox ? 2 : 0) * 100 + y * 10 + x], images[y * 10 + x]);
                }
        }
    }

    [Fact]
    public void Given_mix_probability_zero_When_a_batch_is_mixed_Then_nothing_changes_and_no_soft_targets_come_back()
    {
        var (images, labels) = Batch(4, 1, 4);
        var original = images.ToArray();
        var options = new ImageAugmentOptions { MixupAlpha = 0.8, CutmixAlpha = 1, MixProbability = 0 };

        var soft = BatchMixer.Apply(images, 4, 1, 4, labels, 5, options, new SampleRandom(1, 0, 0, -1), out _);

        Assert.Null(soft);
        Assert.Equal(original, images);
    }

    [Fact]
    public void Given_a_crop_scale_range_When_regions_are_sampled_Then_they_lie_inside_with_area_and_ratio_in_range()
    {
        for (var i = 0; i < 200; i++)
        {
            var (top, left, h, w) = GeometricOps.SampleCrop(new SampleRandom(3, i, 0, 0), 28, 28, 0.08);
            Assert.InRange(top, 0, 28 - h);
            Assert.InRange(left, 0, 28 - w);
            Assert.InRange(h * w, 0.08 * 784 * 0.8, 784);
        }
    }

    [Fact]
    public void Given_the_generator_When_Beta_is_drawn_many_times_Then_its_mean_and_variance_match_Beta_alpha_alpha()
    {
        var rng = new SampleRandom(1, 2, 3, 4);
        var draws = Enumerable.Range(0, 20000).Select(_ => rng.NextBeta(0.8)).ToArray();
        var mean = draws.Average();
        var variance = draws.Select(d => (d - mean) * (d - mean)).Average();

        Assert.Equal(0.5, mean, 0.02);
        Assert.Equal(0.25 / (2 * 0.8 + 1), variance, 0.01);
    }

    private static (float[] Images, int[] Labels) Batch(int batch, int channels, int size)
    {
        var images = new float[batch * channels * size * size];
        for (var i = 0; i < images.Length; i++)
            images[i] = i % 17 * 0.1f - 0.5f;
        var labels = Enumerable.Range(0, batch).Select(i => i % 5).ToArray();
        return (images, labels);
    }
}

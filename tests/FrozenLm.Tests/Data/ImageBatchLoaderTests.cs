using FrozenLm.Data;
using TorchSharp;

namespace FrozenLm.Tests.Data;

public sealed class ImageBatchLoaderTests
{
    private static readonly ImageAugmentOptions FullRecipe = new()
    {
        ImageSize = 12,
        RandomResizedCropMinScale = 0.08,
        HorizontalFlip = true,
        RandAugmentOps = 2,
        RandAugmentMagnitude = 9,
        MixupAlpha = 0.8,
        CutmixAlpha = 1.0,
        RandomErasing = 0.25,
    };

    private static InMemoryImageDataset Dataset(int count, int channels = 1, int size = 8)
    {
        var pixels = new byte[count * channels * size * size];
        for (var i = 0; i < pixels.Length; i++)
            pixels[i] = (byte)(i * 131 % 251);
        var labels = Enumerable.Range(0, count).Select(i => i % 5).ToArray();
        return new InMemoryImageDataset("synthetic", channels, size, size, pixels, labels, ["a", "b", "c", "d", "e"]);
    }

    private static List<(float[] Images, long[] Labels, float[]? Soft, int[] Indices)> Collect(ImageBatchLoader loader, int epoch)
    {
        var batches = new List<(float[], long[], float[]?, int[])>();
        foreach (var batch in loader.Epoch(epoch))
        {
            using (batch)
                batches.Add((batch.Images.data<float>().ToArray(), batch.Labels.data<long>().ToArray(),
                    batch.SoftTargets?.data<float>().ToArray(), batch.Indices));
        }
        return batches;
    }

    [Fact]
    public void Given_the_full_recipe_When_run_with_one_and_three_workers_Then_batches_are_identical_per_epoch()
    {
        var data = Dataset(45, channels: 3);
        using var one = new ImageBatchLoader(data, FullRecipe, 8, train: true, seed: 11, workers: 1);
        using var three = new ImageBatchLoader(data, FullRecipe, 8, train: true, seed: 11, workers: 3);

        var a = Collect(one, 2);
        var b = Collect(three, 2);
        var other = Collect(three, 3);

        Assert.Equal(a.Count, b.Count);
        for (var i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i].Indices, b[i].Indices);
            Assert.Equal(a[i].Images, b[i].Images);
            Assert.Equal(a[i].Labels, b[i].Labels);
            Assert.Equal(a[i].Soft, b[i].Soft);
        }
        Assert.NotEqual(a[0].Indices, other[0].Indices);
        Assert.Contains(a, x => x.Soft is not null);
    }

    [Fact]
    public void Given_a_training_loader_When_an_epoch_runs_Then_every_index_appears_exactly_once_in_a_shuffled_order()
    {
        using var loader = new ImageBatchLoader(Dataset(23), new ImageAugmentOptions { ImageSize = 8 }, 5, true, 1, workers: 2);

        var batches = Collect(loader, 0);

        Assert.Equal(5, loader.BatchesPerEpoch);
        Assert.Equal([5, 5, 5, 5, 3], batches.Select(b => b.Indices.Length));
        var all = batches.SelectMany(b => b.Indices).ToArray();
        Assert.Equal(Enumerable.Range(0, 23), all.Order());
        Assert.NotEqual(Enumerable.Range(0, 23), all);
        Assert.All(batches, b => Assert.Null(b.Soft));
        Assert.Equal(batches[0].Indices.Select(i => (long)(i % 5)), batches[0].Labels);
    }

    [Fact]
    public void Given_drop_last_When_an_epoch_runs_Then_only_full_batches_come_out()
    {
        using var loader = new ImageBatchLoader(Dataset(23), new ImageAugmentOptions { ImageSize = 8 }, 5, true, 1, dropLast: true);

        var batches = Collect(loader, 0);

        Assert.Equal(4, loader.BatchesPerEpoch);
        Assert.Equal(4, batches.Count);
        Assert.All(batches, b => Assert.Equal(5, b.Indices.Length));
        Assert.Equal(20, batches.SelectMany(b => b.Indices).Distinct().Count());
    }

    [Fact]
    public void Given_an_eval_loader_When_an_epoch_runs_Then_order_is_sequential_and_images_are_resized_and_normalised_only()
    {
        var data = Dataset(7);
        var options = FullRecipe with { ImageSize = 8, Mean = [0.25f], Std = [0.5f] };
        using var loader = new ImageBatchLoader(data, options, 4, train: false, seed: 3);

        var batches = Collect(loader, 5);

        Assert.Equal(Enumerable.Range(0, 7), batches.SelectMany(b => b.Indices));
        Assert.All(batches, b => Assert.Null(b.Soft));
        var raw = new float[64];
        data.ReadImage(5, raw);
        Assert.Equal(raw.Select(v => (v - 0.25f) / 0.5f), batches[1].Images.AsSpan(64, 64).ToArray());
    }

    [Fact]
    public void Given_no_mean_and_std_When_a_loader_is_made_Then_they_are_estimated_from_the_data_set()
    {
        var data = Dataset(30);
        using var loader = new ImageBatchLoader(data, new ImageAugmentOptions { ImageSize = 8 }, 30, false, 0);

        var (mean, std) = ImageNormalization.Estimate(data);
        var images = Collect(loader, 0)[0].Images;

        Assert.Equal(mean, loader.Mean);
        Assert.Equal(std, loader.Std);
        Assert.Equal(0.0, images.Average(), 4);
        Assert.Equal(1.0, Math.Sqrt(images.Select(v => (double)v * v).Average()), 3);
    }

    [Fact]
    public void Given_a_loader_When_the_enumerator_is_abandoned_and_the_loader_disposed_Then_workers_stop_and_new_epochs_are_refused()
    {
        var loader = new ImageBatchLoader(Dataset(200), FullRecipe, 4, true, 0, workers: 3);
        foreach (var batch in loader.Epoch(0))
        {
            batch.Dispose();
            break;
        }
        using var enumerator = loader.Epoch(1).GetEnumerator();
        Assert.True(enumerator.MoveNext());
        enumerator.Current.Dispose();

        loader.Dispose();

        Assert.Throws<ObjectDisposedException>(() => enumerator.MoveNext());
        Assert.Throws<ObjectDisposedException>(() => loader.Epoch(2));
    }

    [Fact]
    public void Given_mixing_batches_When_soft_targets_come_out_Then_they_have_one_row_per_sample_over_all_classes_summing_to_one()
    {
        var options = new ImageAugmentOptions { ImageSize = 8, MixupAlpha = 0.8, CutmixAlpha = 1.0 };
        using var loader = new ImageBatchLoader(Dataset(16), options, 8, true, 4);

        foreach (var batch in loader.Epoch(0))
        {
            using (batch)
            {
                Assert.NotNull(batch.SoftTargets);
                Assert.Equal(new long[] { 8, 5 }, batch.SoftTargets!.shape);
                Assert.Equal(new long[] { 8, 1, 8, 8 }, batch.Images.shape);
                Assert.Equal(torch.ScalarType.Int64, batch.Labels.dtype);
                var sums = batch.SoftTargets.sum(1).data<float>().ToArray();
                Assert.All(sums, s => Assert.Equal(1f, s, 5));
            }
        }
    }
}

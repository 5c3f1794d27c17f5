using FrozenLm.Data.Video;

namespace FrozenLm.Tests.Video;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class MovingShapesTests
{
    private static readonly MovingShapesOptions Small = new() { Frames = 8, Size = 24, TrainPerClass = 2, TestPerClass = 1, Seed = 5 };

    [Fact]
    public void Set_is_balanced_over_ten_motion_classes()
    {
        var train = new MovingShapesDataset(Small, train: true);
        Assert.Equal(10, train.ClassNames.Count);
        Assert.Equal(20, train.Count);
        Assert.All(Enumerable.Range(0, 10), c => Assert.Equal(2, Enumerable.Range(0, 20).Count(i => train.GetLabel(i) == c)));
    }

    [Fact]
    public void Clips_are_fixed_by_seed_split_and_index()
    {
        int[] all = [0, 3, 7];
        var a = new MovingShapesDataset(Small, train: true).Read(4, _ => all).Pixels;
        var again = new MovingShapesDataset(Small, train: true).Read(4, _ => all).Pixels;
        var test = new MovingShapesDataset(Small, train: false).Read(4, _ => all).Pixels;
        var otherSeed = new MovingShapesDataset(Small with { Seed = 6 }, train: true).Read(4, _ => all).Pixels;
        Assert.Equal(a, again);
        Assert.NotEqual(a, test);
        Assert.NotEqual(a, otherSeed);
        Assert.All(a, v => Assert.InRange(v, 0f, 1f));
    }

    [Fact]
    public void Masks_follow_the_object_and_the_class_shows_only_in_motion()
    {
        var data = new MovingShapesDataset(Small with { TrainPerClass = 1 }, train: true);
        var plane = 24 * 24;
        // clip 1 moves right: the mask's centre of mass moves right from the first to the last frame
        var masks = data.ReadMasks(1, [0, 7]);
        static double CentreX(ReadOnlySpan<float> m)
        {
            double sum = 0, weighted = 0;
            for (var i = 0; i < m.Length; i++)
            {
                sum += m[i];
                weighted += m[i] * (i % 24);
            }
            return weighted / sum;
        }
        Assert.True(masks.AsSpan(0, plane).ToArray().Sum() > 5, "the object is visible in the first frame");
        Assert.True(CentreX(masks.AsSpan(plane, plane)) - CentreX(masks.AsSpan(0, plane)) > 2, "move right moves right");
        // grow: the object's area increases
        var grow = data.ReadMasks(6, [0, 7]);
        Assert.True(grow.AsSpan(plane, plane).ToArray().Sum() > 2 * grow.AsSpan(0, plane).ToArray().Sum());
    }

    [Fact]
    public void Loader_batches_are_normalised_views_and_shuffled_order_permutes_the_sampled_frames()
    {
        var data = new MovingShapesDataset(Small, train: false);
        var clip = new VideoClipOptions { Frames = 4, ImageSize = 16, TestClips = 2, TestCrops = 3 };
        using var loader = new VideoClipLoader(data, clip, batchSize: 4, train: false, seed: 1, workers: 2);
        using var batch = loader.Epoch(0).First();
        Assert.Equal([4L * 6, 3, 4, 16, 16], batch.Clips.shape);
        Assert.Equal(6, batch.Views);
        Assert.Equal([0, 2, 4, 6], batch.Frames[0]);                                // 8 frames, 4 segments, view 0 of 2
        Assert.Equal([1, 3, 5, 7], batch.Frames[3]);                                // view 1 (crops 0..2 share it)
        using var shuffled = new VideoClipLoader(data, clip with { FrameOrder = FrameOrders.Shuffled }, 4, train: false, seed: 1, workers: 1);
        using var sb = shuffled.Epoch(0).First();
        Assert.Equal([0, 2, 4, 6], sb.Frames[0].Order());
        Assert.True(Enumerable.Range(0, sb.Frames.Length).Any(i => !sb.Frames[i].SequenceEqual(sb.Frames[i].Order())),
            "some clip's frames are out of order");
        using var again = shuffled.Epoch(0).First();
        Assert.Equal(sb.Frames, again.Frames);
    }

    [Fact]
    public void Training_epochs_are_identical_for_any_worker_count()
    {
        var data = new MovingShapesDataset(Small, train: true);
        var clip = new VideoClipOptions { Frames = 4, ImageSize = 16, MinCropScale = 0.7 };
        float[] Epoch(int workers)
        {
            using var loader = new VideoClipLoader(data, clip, batchSize: 8, train: true, seed: 3, workers: workers);
            return loader.Epoch(1).SelectMany(b => { using (b) return b.Clips.data<float>().ToArray(); }).ToArray();
        }
        Assert.Equal(Epoch(1), Epoch(3));
    }
}

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
    public void Translations_outrun_the_camera_pan_and_the_object_is_brighter_than_its_surroundings()
    {
        var data = new MovingShapesDataset(new MovingShapesOptions { Frames = 16, Size = 32, TrainPerClass = 3, Seed = 2 }, train: true);
        var frames = FrameSampler.Test(16, 8);                                          // what the quick preset feeds the model
        const int plane = 32 * 32;
        for (var index = 0; index < data.Count; index++)
        {
            var masks = data.ReadMasks(index, frames);
            var label = (MovingShapeClass)data.GetLabel(index);
            if (label <= MovingShapeClass.MoveDown)
            {
                var (x0, y0) = Centre(masks.AsSpan(0, plane));
                var (x1, y1) = Centre(masks.AsSpan(7 * plane, plane));
                var along = label switch
                {
                    MovingShapeClass.MoveLeft => x0 - x1, MovingShapeClass.MoveRight => x1 - x0,
                    MovingShapeClass.MoveUp => y0 - y1, _ => y1 - y0,
                };
                Assert.True(along > 6, $"clip {index} ({label}) moves {along:F1} px on screen");          // the pan moves at most 4.2 px
            }
            var pixels = data.Read(index, _ => [frames[0]]).Pixels;
            double objectLuma = 0, objectArea = 0, restLuma = 0, restArea = 0;
            for (var p = 0; p < plane; p++)
            {
                var luma = (pixels[p] + pixels[plane + p] + pixels[2 * plane + p]) / 3;
                var m = masks[p];
                objectLuma += m * luma; objectArea += m;
                restLuma += (1 - m) * luma; restArea += 1 - m;
            }
            if (objectArea < 1)
                continue;                                                               // hidden behind the occluder
            Assert.True(objectLuma / objectArea > restLuma / restArea + 0.15, $"clip {index}: object {objectLuma / objectArea:F2}, rest {restLuma / restArea:F2}");
        }

        static (double X, double Y) Centre(ReadOnlySpan<float> m)
        {
            double sum = 0, x = 0, y = 0;
            for (var i = 0; i < m.Length; i++)
            {
                sum += m[i];
                x += m[i] * (i % 32);
                y += m[i] * (i / 32);
            }
            return (x / sum, y / sum);
        }
    }

    [Fact]
    public void Difficulty_knobs_remove_the_nuisances_they_name()
    {
        // no pan, no texture, no distractors: outside the object (in both frames) the frame does not change
        var calm = new MovingShapesDataset(Small with { Distractors = 0, MaxPan = 0, Texture = 0 }, train: true);
        var plain = new MovingShapesDataset(Small, train: true);
        const int plane = 24 * 24;
        int Changed(MovingShapesDataset data, int index)
        {
            var masks = data.ReadMasks(index, [0, 7]);
            var pixels = data.Read(index, _ => [0, 7]).Pixels;
            var changed = 0;
            for (var p = 0; p < plane; p++)
            {
                if (masks[p] > 0 || masks[plane + p] > 0)
                    continue;
                for (var c = 0; c < 3; c++)
                    if (pixels[c * plane + p] != pixels[3 * plane + c * plane + p])
                        changed++;
            }
            return changed;
        }
        foreach (var index in new[] { 4, 6, 7 })                                        // rotate, grow, shrink: the object stays put
        {
            Assert.Equal(0, Changed(calm, index));
            Assert.True(Changed(plain, index) > 100, $"clip {index}: the panning textured background changes");
        }
        var faster = new MovingShapesDataset(Small with { MotionScale = 2 }, train: true).ReadMasks(1, [0, 1]);
        var slower = new MovingShapesDataset(Small, train: true).ReadMasks(1, [0, 1]);
        Assert.NotEqual(faster, slower);
    }

    [Theory]
    [InlineData(-1, 0.3, 0.1, 1.0, "--shapes-distractors")]
    [InlineData(2, -0.1, 0.1, 1.0, "--shapes-pan")]
    [InlineData(2, 0.3, 0.5, 1.0, "--shapes-texture")]
    [InlineData(2, 0.3, 0.1, 0.0, "--shapes-motion")]
    public void Out_of_range_difficulty_names_its_flag(int distractors, double pan, double texture, double motion, string flag)
    {
        var bad = Small with { Distractors = distractors, MaxPan = pan, Texture = texture, MotionScale = motion };
        var e = Assert.Throws<UserInputException>(() => new MovingShapesDataset(bad, train: true));
        Assert.Contains(flag, e.Message);
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

    [Fact]
    public void Without_a_normalisation_the_loader_estimates_it_from_evenly_spaced_frames_and_batches_come_out_standardised()
    {
        var data = new MovingShapesDataset(Small, train: true);
        var pixels = Enumerable.Range(0, data.Count).Select(i => data.Read(i, _ => [0, 2, 4, 6])).ToArray();   // 8 frames, 4 spaced
        var plane = Small.Size * Small.Size;
        for (var c = 0; c < 3; c++)
        {
            var values = pixels.SelectMany(f => Enumerable.Range(0, f.Frames).SelectMany(t => f.Frame(t).Slice(c * plane, plane).ToArray()))
                .Select(v => (double)v).ToArray();
            var m = values.Average();
            var (mean, std) = VideoNormalization.Estimate(data);
            Assert.Equal(m, mean[c], 5);
            Assert.Equal(Math.Sqrt(values.Select(v => (v - m) * (v - m)).Average()), std[c], 5);
        }

        using var loader = new VideoClipLoader(data, new VideoClipOptions { Frames = 4, ImageSize = Small.Size }, batchSize: data.Count,
            train: false, seed: 0, workers: 1);
        Assert.Equal(VideoNormalization.Estimate(data).Mean, loader.Options.Mean);
        using var batch = loader.Epoch(0).First();
        for (var c = 0; c < 3; c++)
        {
            using var channel = batch.Clips.select(1, c);
            Assert.InRange(channel.mean().item<float>(), -0.15f, 0.15f);              // ImageNet statistics left -1.1 here
            Assert.InRange(channel.std().item<float>(), 0.85f, 1.15f);
        }
    }

    [Fact]
    public void Generated_clips_shorter_than_the_sampled_frames_and_bad_generator_sizes_name_the_generator_flags()
    {
        var data = new MovingShapesDataset(Small, train: false);
        using var loader = new VideoClipLoader(data, new VideoClipOptions { Frames = 12, ImageSize = 16 }, 2, train: false, seed: 0, workers: 1);
        var e = Assert.Throws<UserInputException>(() => loader.Epoch(0).First().Dispose());
        Assert.Contains("8 frames, fewer than --frames 12 (its length is --shapes-frames)", e.Problem);
        Assert.Equal("--shapes-frames", Assert.Throws<UserInputException>(() => new MovingShapesDataset(Small with { Frames = 1 }, true)).Subject);
        Assert.Equal("--shapes-size", Assert.Throws<UserInputException>(() => new MovingShapesDataset(Small with { Size = 4 }, true)).Subject);
    }
}

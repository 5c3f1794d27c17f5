using FrozenLm.Data.Video;

namespace FrozenLm.Tests.Video;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class VideoFilesTests
{
    private static void AssertColour(VideoFrames frames, int index, int frame, double tolerance)
    {
        var (r, g, b) = VideoTestFiles.Colour(frame);
        var plane = frames.Height * frames.Width;
        var pixels = frames.Frame(index);
        Assert.Equal(r / 255.0, pixels[plane / 2], tolerance);
        Assert.Equal(g / 255.0, pixels[plane + plane / 2], tolerance);
        Assert.Equal(b / 255.0, pixels[2 * plane + plane / 2], tolerance);
    }

    [Fact]
    public void Rawframes_folder_gives_the_picked_frames_from_a_list_annotation()
    {
        var root = TestPaths.NewTempDir("rawframes");
        VideoTestFiles.WriteRawFrames(Path.Combine(root, "clips", "a"), 6);
        VideoTestFiles.WriteRawFrames(Path.Combine(root, "clips", "b"), 5);
        File.WriteAllText(Path.Combine(root, "train_list.txt"), "clips/a 6 1\n");
        File.WriteAllText(Path.Combine(root, "val_list.txt"), "clips/b 5 0\n");
        File.WriteAllText(Path.Combine(root, "classes.txt"), "still\nchanging\n");
        var splits = VideoDataSources.Open(root, null, new MovingShapesOptions());
        Assert.Equal(VideoFolder.ListFormat, splits.Format);
        Assert.Equal(["still", "changing"], splits.Train.ClassNames);
        int? count = null;
        var frames = splits.Train.Read(0, n => { count = n; return [5, 0, 3]; });
        Assert.Equal(6, count);
        Assert.Equal((3, 12, 20), (frames.Frames, frames.Height, frames.Width));
        AssertColour(frames, 0, 5, 0.03);
        AssertColour(frames, 1, 0, 0.03);
        AssertColour(frames, 2, 3, 0.03);
    }

    [Fact]
    public void Video_file_made_by_ffmpeg_decodes_to_its_frames()
    {
        var root = TestPaths.NewTempDir("videofile");
        var video = Path.Combine(root, "clip.mp4");
        VideoTestFiles.WriteVideo(video, frames: 7);
        var all = FfmpegVideoReader.Decode(video, maxShortSide: 0);
        Assert.Equal((7, 24, 32), (all.Frames, all.Height, all.Width));
        for (var f = 0; f < 7; f++)
            AssertColour(all, f, f, 0.06);
        var small = FfmpegVideoReader.Decode(video, maxShortSide: 12);
        Assert.Equal((12, 16), (small.Height, small.Width));
        File.WriteAllText(Path.Combine(root, "train_list.txt"), "clip.mp4 2\n");
        File.WriteAllText(Path.Combine(root, "val_list.txt"), "clip.mp4 2\n");
        var splits = VideoDataSources.Open(root, null, new MovingShapesOptions());
        var picked = splits.Test.Read(0, n => FrameSampler.Test(n, 3));           // 7 frames, 3 segments: [1, 3, 5]
        AssertColour(picked, 1, 3, 0.06);
        Assert.Equal(["class 0", "class 1", "class 2"], splits.Train.ClassNames);
    }

    [Fact]
    public void Unreadable_video_is_one_error_naming_the_file()
    {
        VideoTestFiles.RequireFfmpeg();
        var root = TestPaths.NewTempDir("badvideo");
        var video = Path.Combine(root, "broken.webm");
        File.WriteAllBytes(video, [1, 2, 3, 4, 5, 6, 7, 8]);
        var e = Assert.Throws<UserInputException>(() => FfmpegVideoReader.Decode(video, 0));
        Assert.Equal(video, e.Subject);
        Assert.StartsWith("not a readable video", e.Problem);
    }

    [Fact]
    public void Missing_ffmpeg_names_the_debian_package()
    {
        var e = Assert.Throws<UserInputException>(() => FfmpegVideoReader.Locate("ffmpeg", TestPaths.NewTempDir("no-ffmpeg")));
        Assert.Equal("ffmpeg", e.Subject);
        Assert.Contains("Debian package 'ffmpeg'", e.Problem);
    }

    [Fact]
    public void Missing_frame_is_one_error_naming_the_frame_file()
    {
        var root = TestPaths.NewTempDir("missingframe");
        var clip = Path.Combine(root, "a");
        VideoTestFiles.WriteRawFrames(clip, 4);
        File.Delete(AnnotatedVideoDataset.FramePath(clip, 2, ".jpg"));
        var data = new AnnotatedVideoDataset("t", [new ClipEntry(clip, 4, 0)], ["x", "y"], "list.txt", 0);
        var e = Assert.Throws<UserInputException>(() => data.Read(0, _ => [0, 1, 2, 3]));
        Assert.Equal(AnnotatedVideoDataset.FramePath(clip, 2, ".jpg"), e.Subject);
        Assert.Contains("missing frame", e.Problem);
    }

    [Fact]
    public void Clip_shorter_than_t_frames_is_one_error_naming_the_clip()
    {
        var root = TestPaths.NewTempDir("shortclip");
        var clip = Path.Combine(root, "a");
        VideoTestFiles.WriteRawFrames(clip, 3);
        var data = new AnnotatedVideoDataset("t", [new ClipEntry(clip, null, 0)], ["x", "y"], "list.txt", 0);
        using var loader = new VideoClipLoader(data, new VideoClipOptions { Frames = 4, ImageSize = 8 }, 1, train: false, seed: 0, workers: 1);
        var e = Assert.Throws<UserInputException>(() => loader.Epoch(0).First().Dispose());
        Assert.Equal(clip, e.Subject);
        Assert.Contains("3 frames, fewer than --frames 4", e.Problem);
    }

    [Fact]
    public void Label_outside_the_classes_names_the_annotation()
    {
        var e = Assert.Throws<UserInputException>(() =>
            new AnnotatedVideoDataset("t", [new ClipEntry("a", 4, 2)], ["x", "y"], "list.txt", 0));
        Assert.Equal("list.txt", e.Subject);
    }
}

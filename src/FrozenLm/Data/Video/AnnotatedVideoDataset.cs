namespace FrozenLm.Data.Video;

/// <summary>
/// Clips listed by an annotation file: rawframes folders (<c>img_00001.jpg</c>, ... 1-based, or <c>.png</c>; the
/// frame count from the annotation when it gives one, else the folder's frames) or video files decoded with
/// <see cref="FfmpegVideoReader"/>. Nothing is read until a clip is asked for; a missing frame or an unreadable file is
/// a <see cref="UserInputException"/> naming it.
/// </summary>
public sealed class AnnotatedVideoDataset : IVideoDataset
{
    private readonly IReadOnlyList<ClipEntry> _clips;
    private readonly int _maxShortSide;

    public AnnotatedVideoDataset(string name, IReadOnlyList<ClipEntry> clips, IReadOnlyList<string> classNames, string annotation,
        int maxShortSide)
    {
        foreach (var clip in clips)
        {
            if (clip.Label < 0 || clip.Label >= classNames.Count)
                throw new UserInputException(annotation, $"clip '{clip.Path}' has label {clip.Label}, outside 0..{classNames.Count - 1}");
        }
        Name = name;
        _clips = clips;
        ClassNames = classNames;
        _maxShortSide = maxShortSide;
    }

    public string Name { get; }
    public int Count => _clips.Count;
    public IReadOnlyList<string> ClassNames { get; }
    public int GetLabel(int index) => _clips[index].Label;
    public string ClipName(int index) => _clips[index].Path;

    public VideoFrames Read(int index, Func<int, int[]> pickFrames)
    {
        var clip = _clips[index];
        if (Directory.Exists(clip.Path))
            return ReadRawFrames(clip, pickFrames);
        if (!File.Exists(clip.Path))
            throw new UserInputException(clip.Path, "clip not found (neither a rawframes folder nor a video file)");
        var all = FfmpegVideoReader.Decode(clip.Path, _maxShortSide);
        var picked = pickFrames(all.Frames);
        var pixels = new float[picked.Length * all.FrameLength];
        for (var i = 0; i < picked.Length; i++)
            all.Frame(picked[i]).CopyTo(pixels.AsSpan(i * all.FrameLength, all.FrameLength));
        return new VideoFrames(pixels, picked.Length, all.Height, all.Width);
    }

    /// <summary>The path of frame <paramref name="frame"/> (0-based) of a rawframes folder with extension <paramref name="extension"/>.</summary>
    public static string FramePath(string folder, int frame, string extension) =>
        Path.Combine(folder, $"img_{frame + 1:D5}{extension}");

    private VideoFrames ReadRawFrames(ClipEntry clip, Func<int, int[]> pickFrames)
    {
        var extension = File.Exists(FramePath(clip.Path, 0, ".jpg")) ? ".jpg" : ".png";
        var count = clip.Frames ?? Directory.EnumerateFiles(clip.Path, "img_*" + extension).Count();
        var picked = pickFrames(count);
        if (picked.Length == 0)
            return new VideoFrames([], 0, 0, 0);
        var first = FramePath(clip.Path, picked[0], extension);
        if (!File.Exists(first))
            throw new UserInputException(first, $"missing frame (the clip should have {count} frames)");
        var (height, width, _) = ImageFiles.Probe(first);
        var length = VideoFrames.Channels * height * width;
        var pixels = new float[picked.Length * length];
        for (var i = 0; i < picked.Length; i++)
        {
            var path = FramePath(clip.Path, picked[i], extension);
            if (!File.Exists(path))
                throw new UserInputException(path, $"missing frame (the clip should have {count} frames)");
            ImageFiles.LoadImage(path, VideoFrames.Channels, height, width).CopyTo(pixels.AsSpan(i * length, length));
        }
        return new VideoFrames(pixels, picked.Length, height, width);
    }
}

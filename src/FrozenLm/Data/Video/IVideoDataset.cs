namespace FrozenLm.Data.Video;

/// <summary>
/// A labelled collection of RGB clips with random access. A clip's frame count may only be known once it is opened
/// (a video file), so a read names the frames it wants through a picker that receives the count.
/// </summary>
public interface IVideoDataset
{
    /// <summary>Short description used in logs and config.json (e.g. "moving-shapes/train").</summary>
    string Name { get; }

    int Count { get; }
    IReadOnlyList<string> ClassNames { get; }

    int GetLabel(int index);

    /// <summary>What names clip <paramref name="index"/> in messages: its folder or file path, or a generated id.</summary>
    string ClipName(int index);

    /// <summary>The flag that sets the clips' frame count when the data set makes them (generated data), else null.</summary>
    string? FrameCountSource => null;

    /// <summary>
    /// Opens clip <paramref name="index"/>, asks <paramref name="pickFrames"/> which frames (0-based, repeats allowed)
    /// it wants given the clip's frame count, and returns those frames in that order. Thread-safe. Unreadable input is a
    /// <see cref="UserInputException"/> naming the file.
    /// </summary>
    VideoFrames Read(int index, Func<int, int[]> pickFrames);
}

namespace FrozenLm.Tasks.Video;

/// <summary>The values of the video task's <c>--position</c> flag.</summary>
public static class VideoPositions
{
    public const string Sinusoid = "sinusoid";
    public const string Learned = "learned";
}

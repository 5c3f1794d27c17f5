namespace FrozenLm.Data.Video;

/// <summary>One annotated clip: its path (a rawframes folder or a video file), its frame count when the annotation gives one, its label.</summary>
public sealed record ClipEntry(string Path, int? Frames, int Label);

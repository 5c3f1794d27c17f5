namespace FrozenLm.Data.Video;

/// <summary>The training and test splits of a video source, what the source was and which reader opened it.</summary>
public sealed record VideoDataSplits(IVideoDataset Train, IVideoDataset Test, string Source, string Format);

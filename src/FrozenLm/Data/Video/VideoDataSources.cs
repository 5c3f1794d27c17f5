namespace FrozenLm.Data.Video;

/// <summary>
/// Opens a video source by name or path: <c>moving-shapes</c> (generated, <see cref="MovingShapesDataset"/>) or a
/// folder of clips with annotation files (<see cref="VideoFolder"/>: rawframes or video files, mmaction-style lists or
/// the SSv2 JSON / CSV label files).
/// </summary>
public static class VideoDataSources
{
    /// <param name="source"><c>moving-shapes</c> or a folder.</param>
    /// <param name="format">Forces a folder layout (null = detect).</param>
    /// <param name="shapes">The size of the generated set.</param>
    /// <param name="maxShortSide">Video files are decoded with their short side scaled down to at most this (0 = native).</param>
    public static VideoDataSplits Open(string source, string? format, MovingShapesOptions shapes, int maxShortSide = 0)
    {
        if (string.Equals(source, MovingShapesDataset.DataName, StringComparison.OrdinalIgnoreCase))
        {
            if (format is not null && format != MovingShapesDataset.DataName)
                throw new UserInputException("--data-format", $"'{format}' does not apply to the generated {MovingShapesDataset.DataName} set");
            return new VideoDataSplits(new MovingShapesDataset(shapes, train: true), new MovingShapesDataset(shapes, train: false),
                MovingShapesDataset.DataName, MovingShapesDataset.DataName);
        }
        if (Directory.Exists(source))
            return VideoFolder.Open(source, format, maxShortSide);
        throw new UserInputException("--data", $"'{source}' is neither {MovingShapesDataset.DataName} nor a folder of clips with annotation files");
    }
}

namespace FrozenLm.Data.PointClouds;

/// <summary>
/// Resolves a <c>--data</c> value for point clouds: <c>shapes</c> (generated), a ModelNet40 HDF5 folder (has
/// train_files.txt), a ScanObjectNN h5 folder, or a folder of per-class .txt/.xyz/.off files.
/// </summary>
public static class PointCloudSources
{
    /// <param name="source">The --data value.</param>
    /// <param name="shapes">Options for the generated set (used when <paramref name="source"/> is "shapes").</param>
    /// <param name="variant">ScanObjectNN variant (obj-bg, obj-only, pb-t50-rs).</param>
    /// <param name="meshSamples">Points sampled from each .off mesh.</param>
    /// <param name="seed">Seed for mesh sampling.</param>
    public static PointCloudDataSplits Open(string source, ShapesOptions shapes, string variant = "pb-t50-rs",
        int meshSamples = 2048, int seed = 0)
    {
        if (string.Equals(source, GeneratedShapes.SourceName, StringComparison.OrdinalIgnoreCase))
            return GeneratedShapes.Generate(shapes);
        if (File.Exists(source))
            throw new UserInputException(source, "expected 'shapes' or a folder (ModelNet40 HDF5, ScanObjectNN h5, or per-class point files), got a file");
        if (!Directory.Exists(source))
            throw new UserInputException(source, "not found: expected 'shapes' or a data folder");
        if (ModelNet40H5Reader.Recognizes(source))
            return ModelNet40H5Reader.Read(source);
        if (ScanObjectNNReader.Recognizes(source))
            return ScanObjectNNReader.Read(source, variant);
        return PointCloudFolderReader.Read(source, meshSamples, seed);
    }
}

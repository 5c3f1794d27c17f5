using FrozenLm.Data.PointClouds;

namespace FrozenLm.Fuzz.Targets;

/// <summary>Targets for the point-cloud readers: HDF5 (ModelNet40 / ScanObjectNN layout), OFF meshes and text point files.</summary>
internal static class PointCloudTargets
{
    public static void H5(byte[] input, FuzzScratch scratch) =>
        H5PointCloudFile.Read(scratch.Write("ply_data_train0.h5", input));

    /// <summary>As a folder data set reads a mesh: parse, sample 64 surface points with the file's seed, normalise.</summary>
    public static void Off(byte[] input, FuzzScratch scratch) =>
        PointCloudFolderReader.ReadFile(scratch.Write("chair_0001.off", input), 64, 0);

    public static void Text(byte[] input, FuzzScratch scratch) =>
        PointCloudFolderReader.ReadFile(scratch.Write("chair_0001.txt", input), 64, 0);
}

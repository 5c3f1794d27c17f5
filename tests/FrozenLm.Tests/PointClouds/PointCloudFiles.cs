namespace FrozenLm.Tests.PointClouds;

/// <summary>Writes small point-cloud files for reader tests (HDF5 through PureHDF's writer, text and OFF by hand).</summary>
internal static class PointCloudFiles
{
    /// <summary>Writes an h5 file with <c>data</c> [n, p, c] float32 and <c>label</c> [n, 1] uint8 (ModelNet's types).</summary>
    public static void WriteH5(string path, float[] data, int n, int p, int c, byte[]? labels, bool labelAsInt64 = false)
    {
        var file = new PureHDF.H5File
        {
            ["data"] = new PureHDF.H5Dataset(data, fileDims: [(ulong)n, (ulong)p, (ulong)c]),
        };
        if (labels is not null)
        {
            file["label"] = labelAsInt64
                ? new PureHDF.H5Dataset(labels.Select(l => (long)l).ToArray(), fileDims: [(ulong)n])
                : new PureHDF.H5Dataset(labels, fileDims: [(ulong)n, 1UL]);
        }
        file.Write(path);
    }

    /// <summary>A deterministic cloud: point j of sample i is (i + j/100, -j/100, 0.5 i).</summary>
    public static float[] KnownData(int n, int p, int c)
    {
        var data = new float[n * p * c];
        for (var i = 0; i < n; i++)
            for (var j = 0; j < p; j++)
            {
                var o = (i * p + j) * c;
                data[o] = i + j / 100f;
                data[o + 1] = -j / 100f;
                data[o + 2] = 0.5f * i;
                for (var e = 3; e < c; e++)
                    data[o + e] = 99f;
            }
        return data;
    }
}

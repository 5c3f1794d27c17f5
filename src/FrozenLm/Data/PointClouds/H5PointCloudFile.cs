using PureHDF;
using PureHDF.VOL.Native;

namespace FrozenLm.Data.PointClouds;

/// <summary>
/// Reads one point-cloud HDF5 file in the PointNet layout: <c>data</c> float [n, P, 3+] (extra channels dropped),
/// <c>label</c> integer [n] or [n, 1], optional <c>mask</c>. Every problem is a one-line <see cref="UserInputException"/>.
/// </summary>
public static class H5PointCloudFile
{
    /// <summary>The most point data one file may declare (ModelNet40's largest file holds 48 MiB).</summary>
    private const long MaxDataBytes = 4L << 30;

    /// <summary>
    /// How many times its file size the declared data may be (HDF5 compression of float clouds stays far below), and
    /// how many times its size a file may be read before its structure counts as looping.
    /// </summary>
    private const int MaxExpansion = 64;

    /// <summary>
    /// PureHDF sizes a buffer from a length field before reading it, so a corrupt length asks for gigabytes; the pages are
    /// never touched (the read past the end fails next), but under a GC heap limit the allocation itself fails.
    /// </summary>
    private const string CorruptLength = "not a readable HDF5 file (a length field in its structure asks for more memory than the heap allows)";

    /// <summary>Clouds (each [P, 3]) and labels of <paramref name="path"/>.</summary>
    public static (float[][] Clouds, int[] Labels) Read(string path)
    {
        if (!File.Exists(path))
            throw new UserInputException(path, "file not found");
        NativeFile file;
        try
        {
            var bytes = new FileInfo(path).Length;
            file = H5File.Open(new ReadBudgetStream(File.OpenRead(path), MaxExpansion * bytes + (1 << 20)), leaveOpen: false);
        }
        catch (OutOfMemoryException e)
        {
            throw new UserInputException(path, CorruptLength, e);
        }
        catch (Exception e) when (e is not UserInputException)
        {
            throw new UserInputException(path, "not a readable HDF5 file (" + e.Message + ")", e);
        }
        using (file)
        {
            try
            {
                return ReadOpen(path, file);
            }
            catch (OutOfMemoryException e)
            {
                throw new UserInputException(path, CorruptLength, e);
            }
            catch (Exception e) when (e is not UserInputException)
            {
                throw new UserInputException(path, "cannot read the HDF5 contents (" + e.Message + ")", e);
            }
        }
    }

    private static (float[][] Clouds, int[] Labels) ReadOpen(string path, NativeFile file)
    {
        if (!file.LinkExists("data") || !file.LinkExists("label"))
            throw new UserInputException(path, "wrong HDF5 layout: expected datasets 'data' [n, points, 3] and 'label' [n]");
        var data = file.Dataset("data");
        var dims = data.Space.Dimensions;
        if (dims.Length != 3 || dims[2] < 3)
            throw new UserInputException(path, $"wrong HDF5 layout: 'data' must be [n, points, 3], got [{string.Join(", ", dims)}]");
        var declared = (double)dims[0] * dims[1] * dims[2] * data.Type.Size;
        var fileBytes = new FileInfo(path).Length;
        if (declared > MaxDataBytes || declared > MaxExpansion * (double)fileBytes)
        {
            throw new UserInputException(path,
                $"'data' declares [{string.Join(", ", dims)}] ({declared / (1 << 20):F1} MiB) in a {fileBytes}-byte file: " +
                $"more than {MaxExpansion}x its size (no compression of point clouds gets there) or over {MaxDataBytes >> 30} GiB");
        }
        var label = file.Dataset("label");
        var labelDims = label.Space.Dimensions;
        if (!(labelDims.Length == 1 || (labelDims.Length == 2 && labelDims[1] == 1)) || labelDims[0] != dims[0])
            throw new UserInputException(path, $"wrong HDF5 layout: 'label' must be [{dims[0]}] or [{dims[0]}, 1], got [{string.Join(", ", labelDims)}]");

        var n = checked((int)dims[0]);
        var p = checked((int)dims[1]);
        var c = checked((int)dims[2]);
        var flat = ReadFloats(path, data);
        var labels = ReadIntegers(path, label);
        var clouds = new float[n][];
        for (var i = 0; i < n; i++)
        {
            var cloud = new float[p * 3];
            for (var j = 0; j < p; j++)
            {
                var src = (i * p + j) * c;
                cloud[3 * j] = flat[src];
                cloud[3 * j + 1] = flat[src + 1];
                cloud[3 * j + 2] = flat[src + 2];
            }
            PointCloudChecks.Check(path, cloud, $"sample {i}");
            clouds[i] = cloud;
        }
        for (var i = 0; i < n; i++)
        {
            if (labels[i] < 0)
                throw new UserInputException(path, $"sample {i} has a negative label {labels[i]}");
        }
        return (clouds, labels);
    }

    private static float[] ReadFloats(string path, IH5Dataset dataset) => dataset.Type.Class switch
    {
        H5DataTypeClass.FloatingPoint when dataset.Type.Size == 4 => dataset.Read<float[]>(),
        H5DataTypeClass.FloatingPoint when dataset.Type.Size == 8 => Array.ConvertAll(dataset.Read<double[]>(), v => (float)v),
        _ => throw new UserInputException(path, $"wrong HDF5 layout: 'data' must hold floats, found {dataset.Type.Class} of {dataset.Type.Size} bytes"),
    };

    private static int[] ReadIntegers(string path, IH5Dataset dataset)
    {
        var type = dataset.Type;
        if (type.Class == H5DataTypeClass.FloatingPoint)
        {
            var values = type.Size == 8 ? dataset.Read<double[]>() : Array.ConvertAll(dataset.Read<float[]>(), v => (double)v);
            return Array.ConvertAll(values, v => v == Math.Floor(v) ? (int)v
                : throw new UserInputException(path, $"'label' holds a non-integer value {v}"));
        }
        if (type.Class != H5DataTypeClass.FixedPoint)
            throw new UserInputException(path, $"wrong HDF5 layout: 'label' must hold integers, found {type.Class}");
        var signed = type.FixedPoint.IsSigned;
        return (type.Size, signed) switch
        {
            (1, false) => Array.ConvertAll(dataset.Read<byte[]>(), v => (int)v),
            (1, true) => Array.ConvertAll(dataset.Read<sbyte[]>(), v => (int)v),
            (2, false) => Array.ConvertAll(dataset.Read<ushort[]>(), v => (int)v),
            (2, true) => Array.ConvertAll(dataset.Read<short[]>(), v => (int)v),
            (4, false) => Array.ConvertAll(dataset.Read<uint[]>(), v => checked((int)v)),
            (4, true) => dataset.Read<int[]>(),
            (8, false) => Array.ConvertAll(dataset.Read<ulong[]>(), v => checked((int)v)),
            (8, true) => Array.ConvertAll(dataset.Read<long[]>(), v => checked((int)v)),
            _ => throw new UserInputException(path, $"'label' has an unsupported integer size of {type.Size} bytes"),
        };
    }
}

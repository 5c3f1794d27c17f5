namespace FrozenLm.Data.Formats;

/// <summary>Turns an IDX image file (N x H x W, or N x H x W x C) and an IDX label file into a data set.</summary>
internal static class IdxImageReader
{
    private static readonly string[] TrainImageNames = ["train-images-idx3-ubyte", "train-images.idx3-ubyte"];
    private static readonly string[] TrainLabelNames = ["train-labels-idx1-ubyte", "train-labels.idx1-ubyte"];
    private static readonly string[] TestImageNames = ["t10k-images-idx3-ubyte", "t10k-images.idx3-ubyte"];
    private static readonly string[] TestLabelNames = ["t10k-labels-idx1-ubyte", "t10k-labels.idx1-ubyte"];

    /// <summary>True when <paramref name="dir"/> holds a training image file in IDX naming.</summary>
    public static bool Detect(string dir) => Find(dir, TrainImageNames) is not null;

    public static ImageDataSplits Open(string dir)
    {
        var classNames = dir.Contains("fashion", StringComparison.OrdinalIgnoreCase)
            ? ClassNameLists.FashionMnist
            : ClassNameLists.Digits;
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(dir)));
        var train = Load(Require(dir, TrainImageNames), Require(dir, TrainLabelNames), name + "/train", classNames);
        var test = Load(Require(dir, TestImageNames), Require(dir, TestLabelNames), name + "/test", classNames);
        return new ImageDataSplits(train, test, dir, "idx");
    }

    public static InMemoryImageDataset Load(string imagesPath, string labelsPath, string name, IReadOnlyList<string> classNames) =>
        Build(IdxFile.Read(imagesPath), imagesPath, IdxFile.Read(labelsPath), labelsPath, name, classNames);

    public static InMemoryImageDataset Build((int[] Dims, byte[] Data) images, string imagesName,
        (int[] Dims, byte[] Data) labels, string labelsName, string name, IReadOnlyList<string> classNames)
    {
        if (images.Dims.Length is not (3 or 4))
            throw new UserInputException(imagesName, $"IDX image file has {images.Dims.Length} dimensions, expected 3 (N x H x W) or 4 (N x H x W x C)");
        if (labels.Dims.Length != 1)
            throw new UserInputException(labelsName, $"IDX label file has {labels.Dims.Length} dimensions, expected 1");
        var count = images.Dims[0];
        if (labels.Dims[0] != count)
            throw new UserInputException(labelsName, $"{labels.Dims[0]} labels for {count} images in {imagesName}");
        var height = images.Dims[1];
        var width = images.Dims[2];
        var channels = images.Dims.Length == 4 ? images.Dims[3] : 1;
        if (count == 0 || height == 0 || width == 0 || channels == 0)
            throw new UserInputException(imagesName, $"IDX image file is empty ({string.Join("x", images.Dims)})");
        var labelValues = new int[count];
        for (var i = 0; i < count; i++)
        {
            labelValues[i] = labels.Data[i];
            if (labelValues[i] >= classNames.Count)
                throw new UserInputException(labelsName, $"label {labelValues[i]} of image {i} is outside 0..{classNames.Count - 1}");
        }
        var pixels = channels == 1 ? images.Data : HwcToChw(images.Data, count, height, width, channels);
        return new InMemoryImageDataset(name, channels, height, width, pixels, labelValues, classNames);
    }

    private static byte[] HwcToChw(byte[] hwc, int count, int height, int width, int channels)
    {
        var chw = new byte[hwc.Length];
        var plane = height * width;
        for (var n = 0; n < count; n++)
        {
            var offset = n * plane * channels;
            for (var p = 0; p < plane; p++)
            {
                for (var c = 0; c < channels; c++)
                    chw[offset + c * plane + p] = hwc[offset + p * channels + c];
            }
        }
        return chw;
    }

    private static string Require(string dir, string[] names) =>
        Find(dir, names) ?? throw new UserInputException(dir, $"IDX folder lacks {names[0]} (or {names[0]}.gz)");

    private static string? Find(string dir, string[] names)
    {
        foreach (var name in names)
        {
            foreach (var candidate in new[] { name, name + ".gz" })
            {
                var path = Path.Combine(dir, candidate);
                if (File.Exists(path))
                    return path;
            }
        }
        return null;
    }
}

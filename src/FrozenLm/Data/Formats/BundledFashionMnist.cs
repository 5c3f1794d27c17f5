namespace FrozenLm.Data.Formats;

/// <summary>The fashion-mnist-mini subset embedded in FrozenLm.dll, and the full Debian-packaged Fashion-MNIST.</summary>
internal static class BundledFashionMnist
{
    public const string MiniName = "fashion-mnist-mini";
    public const string FullName = "fashion-mnist";
    public const string DebianDir = "/usr/share/datasets/fashion-mnist";
    private const string ResourcePrefix = "FrozenLm.Data.fashion-mnist-mini.";

    public static ImageDataSplits OpenMini()
    {
        var train = Load("train", "train");
        var test = Load("t10k", "test");
        return new ImageDataSplits(train, test, MiniName, "idx");
    }

    public static ImageDataSplits OpenFull(string dir = DebianDir)
    {
        if (!File.Exists(Path.Combine(dir, "train-images-idx3-ubyte.gz")))
            throw new UserInputException("--data",
                "fashion-mnist needs the Debian package dataset-fashion-mnist (apt-get install dataset-fashion-mnist) or --data PATH");
        var splits = IdxImageReader.Open(dir);
        return splits with { Source = FullName };
    }

    private static InMemoryImageDataset Load(string prefix, string split)
    {
        var images = ReadResource($"{prefix}-images-idx3-ubyte.gz");
        var labels = ReadResource($"{prefix}-labels-idx1-ubyte.gz");
        return IdxImageReader.Build(images.Parsed, images.Name, labels.Parsed, labels.Name, $"{MiniName}/{split}",
            ClassNameLists.FashionMnist);
    }

    private static ((int[] Dims, byte[] Data) Parsed, string Name) ReadResource(string file)
    {
        var name = $"{MiniName}/{file} (embedded)";
        using var stream = typeof(BundledFashionMnist).Assembly.GetManifestResourceStream(ResourcePrefix + file)
            ?? throw new InvalidOperationException($"embedded resource {ResourcePrefix + file} is missing from FrozenLm.dll");
        return (IdxFile.Read(stream, name, gzip: true), name);
    }
}

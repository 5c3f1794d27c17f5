using FrozenLm.Data.Formats;

namespace FrozenLm.Data;

/// <summary>Opens an image classification data set by built-in name or path (IDX, CIFAR-10/100 binary, ImageFolder).</summary>
public static class ImageDataSources
{
    public static IReadOnlyList<string> BuiltInNames { get; } =
        [BundledFashionMnist.MiniName, BundledFashionMnist.FullName, ClutteredImageData.Name];

    public static IReadOnlyList<string> Formats { get; } = ["idx", "cifar10", "cifar100", "imagefolder"];

    /// <summary>
    /// Opens <paramref name="source"/> (a built-in name or a folder; <paramref name="format"/> overrides detection).
    /// With <paramref name="validationFraction"/> &gt; 0 a seeded, class-stratified part of train is returned as Test.
    /// </summary>
    public static ImageDataSplits Open(string source, string? format = null, int seed = 0, double validationFraction = 0)
    {
        if (validationFraction is < 0 or >= 1 || double.IsNaN(validationFraction))
            throw new UserInputException("--val-fraction", $"{validationFraction} must be in [0, 1)");
        if (string.IsNullOrWhiteSpace(source))
            source = BundledFashionMnist.MiniName;
        if (ClutteredImageData.TryParse(source, out var clutteredSource))
            return ClutteredImageData.Wrap(Open(clutteredSource, format, seed, validationFraction));
        var splits = OpenUnsplit(source, format, seed, validationFraction);
        return validationFraction > 0 && !(splits.Format == "imagefolder" && FlatImageFolder(source))
            ? CarveValidation(splits, seed, validationFraction)
            : splits;
    }

    private static ImageDataSplits OpenUnsplit(string source, string? format, int seed, double validationFraction)
    {
        var isPath = Directory.Exists(source) || File.Exists(source);
        if (!isPath && (format is null || string.Equals(format.Trim(), "idx", StringComparison.OrdinalIgnoreCase)))
        {
            if (string.Equals(source, BundledFashionMnist.MiniName, StringComparison.OrdinalIgnoreCase))
                return BundledFashionMnist.OpenMini();
            if (string.Equals(source, BundledFashionMnist.FullName, StringComparison.OrdinalIgnoreCase))
                return BundledFashionMnist.OpenFull();
        }
        if (!isPath)
            throw new UserInputException("--data",
                $"'{source}' is neither an existing folder nor a built-in data set ({string.Join(", ", BuiltInNames)})");
        if (!Directory.Exists(source))
            throw new UserInputException(source, "expected a folder (IDX files, CIFAR binary batches, or class folders)");
        var fmt = format?.Trim().ToLowerInvariant() ?? Detect(source);
        return fmt switch
        {
            "idx" => IdxImageReader.Open(source),
            "cifar10" => CifarReader.OpenCifar10(source),
            "cifar100" => CifarReader.OpenCifar100(source),
            "imagefolder" => ImageFolderReader.Open(source, seed,
                validationFraction > 0 ? validationFraction : ImageFolderReader.DefaultHeldOutFraction),
            _ => throw new UserInputException("--format", $"'{format}' is not one of {string.Join(", ", Formats)}"),
        };
    }

    private static string Detect(string dir)
    {
        if (IdxImageReader.Detect(dir))
            return "idx";
        if (CifarReader.FindCifar10(dir) is not null)
            return "cifar10";
        if (CifarReader.FindCifar100(dir) is not null)
            return "cifar100";
        if (ImageFolderReader.Detect(dir))
            return "imagefolder";
        throw new UserInputException(dir,
            "no image data recognised (IDX train-images-idx3-ubyte[.gz], CIFAR data_batch_N.bin/test_batch.bin or train.bin/test.bin, or class folders of PNG/JPEG)");
    }

    private static bool FlatImageFolder(string source) => !Directory.Exists(Path.Combine(source, "train"));

    private static ImageDataSplits CarveValidation(ImageDataSplits splits, int seed, double fraction)
    {
        var train = splits.Train;
        var labels = Enumerable.Range(0, train.Count).Select(train.GetLabel).ToArray();
        var (keep, held) = StratifiedSplit.Split(labels, train.ClassNames.Count, fraction, seed);
        var baseName = train.Name.EndsWith("/train", StringComparison.Ordinal) ? train.Name[..^"/train".Length] : train.Name;
        return splits with { Train = Subset(train, keep, baseName + "/train"), Test = Subset(train, held, baseName + "/val") };
    }

    private static IImageDataset Subset(IImageDataset dataset, int[] indices, string name) => dataset switch
    {
        InMemoryImageDataset memory => memory.Subset(indices, name),
        ImageFolderDataset folder => folder.Subset(indices, name),
        _ => throw new ArgumentException($"cannot take a subset of {dataset.GetType().Name}"),
    };
}

namespace FrozenLm.Data.Formats;

/// <summary>Reads the CIFAR-10 and CIFAR-100 binary versions (label byte(s) then 3 x 32 x 32 uint8 CHW per record).</summary>
internal static class CifarReader
{
    private const int ImageBytes = 3 * 32 * 32;
    private static readonly string[] Cifar10Train = ["data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin"];
    private const string Cifar10Test = "test_batch.bin";

    /// <summary>The folder holding the CIFAR-10 batches: <paramref name="dir"/> or its cifar-10-batches-bin child.</summary>
    public static string? FindCifar10(string dir) => FindWith(dir, "cifar-10-batches-bin", Cifar10Test);

    public static string? FindCifar100(string dir) => FindWith(dir, "cifar-100-binary", "train.bin");

    public static ImageDataSplits OpenCifar10(string dir)
    {
        var root = FindCifar10(dir) ?? throw new UserInputException(dir, $"CIFAR-10 folder lacks {Cifar10Test}");
        var classNames = ReadNames(Path.Combine(root, "batches.meta.txt"), 10) ?? ClassNameLists.Cifar10;
        var trainFiles = Cifar10Train.Select(f => Path.Combine(root, f)).Where(File.Exists).ToArray();
        if (trainFiles.Length == 0)
            throw new UserInputException(root, "CIFAR-10 folder has no data_batch_N.bin files");
        var train = Load(trainFiles, 1, 0, classNames, "cifar10/train");
        var test = Load([Path.Combine(root, Cifar10Test)], 1, 0, classNames, "cifar10/test");
        return new ImageDataSplits(train, test, dir, "cifar10");
    }

    public static ImageDataSplits OpenCifar100(string dir)
    {
        var root = FindCifar100(dir) ?? throw new UserInputException(dir, "CIFAR-100 folder lacks train.bin");
        var testPath = Path.Combine(root, "test.bin");
        if (!File.Exists(testPath))
            throw new UserInputException(root, "CIFAR-100 folder lacks test.bin");
        var classNames = ReadNames(Path.Combine(root, "fine_label_names.txt"), 100) ?? ClassNameLists.Numbered(100);
        var train = Load([Path.Combine(root, "train.bin")], 2, 1, classNames, "cifar100/train");
        var test = Load([testPath], 2, 1, classNames, "cifar100/test");
        return new ImageDataSplits(train, test, dir, "cifar100");
    }

    /// <summary>Reads records of <paramref name="labelBytes"/> label bytes plus one image; the label at <paramref name="labelOffset"/> is used.</summary>
    public static InMemoryImageDataset Load(string[] files, int labelBytes, int labelOffset, IReadOnlyList<string> classNames, string name)
    {
        var record = labelBytes + ImageBytes;
        var pixels = new List<byte[]>();
        var labels = new List<int>();
        foreach (var file in files)
        {
            var bytes = File.ReadAllBytes(file);
            if (bytes.Length == 0 || bytes.Length % record != 0)
                throw new UserInputException(file, $"length {bytes.Length} bytes is not a positive multiple of the {record}-byte CIFAR record");
            for (var offset = 0; offset < bytes.Length; offset += record)
            {
                var label = bytes[offset + labelOffset];
                if (label >= classNames.Count)
                    throw new UserInputException(file, $"label {label} of record {offset / record} is outside 0..{classNames.Count - 1}");
                labels.Add(label);
            }
            pixels.Add(bytes);
        }
        var all = new byte[(long)labels.Count * ImageBytes];
        var n = 0;
        foreach (var bytes in pixels)
        {
            for (var offset = 0; offset < bytes.Length; offset += record, n++)
                bytes.AsSpan(offset + labelBytes, ImageBytes).CopyTo(all.AsSpan(n * ImageBytes));
        }
        return new InMemoryImageDataset(name, 3, 32, 32, all, labels.ToArray(), classNames);
    }

    private static string? FindWith(string dir, string child, string marker)
    {
        if (File.Exists(Path.Combine(dir, marker)))
            return dir;
        var nested = Path.Combine(dir, child);
        return File.Exists(Path.Combine(nested, marker)) ? nested : null;
    }

    private static string[]? ReadNames(string path, int count)
    {
        if (!File.Exists(path))
            return null;
        var names = File.ReadAllLines(path).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        return names.Length == count ? names : null;
    }
}

namespace FrozenLm.Data;

/// <summary>An image data set held as uint8 pixels in memory (N x C x H x W, CHW order) with integer labels.</summary>
public sealed class InMemoryImageDataset : IImageDataset
{
    private readonly byte[] _pixels;
    private readonly int[] _labels;

    public InMemoryImageDataset(string name, int channels, int height, int width, byte[] pixels, int[] labels,
        IReadOnlyList<string> classNames)
    {
        if (channels <= 0 || height <= 0 || width <= 0)
            throw new ArgumentException($"image shape {channels}x{height}x{width} must be positive");
        var imageSize = (long)channels * height * width;
        if (pixels.LongLength != imageSize * labels.Length)
            throw new ArgumentException($"{pixels.LongLength} pixels do not hold {labels.Length} images of {channels}x{height}x{width}");
        for (var i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classNames.Count)
                throw new ArgumentException($"label {labels[i]} of image {i} is outside 0..{classNames.Count - 1}");
        }
        Name = name;
        Channels = channels;
        Height = height;
        Width = width;
        _pixels = pixels;
        _labels = labels;
        ClassNames = classNames;
    }

    private static readonly float[] ByteToUnit = Enumerable.Range(0, 256).Select(v => v / 255f).ToArray();

    public string Name { get; }
    public int Count => _labels.Length;
    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }
    public IReadOnlyList<string> ClassNames { get; }

    private int ImageSize => Channels * Height * Width;

    public int GetLabel(int index) => _labels[index];

    public void ReadImage(int index, Span<float> destination)
    {
        var source = RawImage(index);
        if (destination.Length < source.Length)
            throw new ArgumentException($"destination holds {destination.Length} floats, image needs {source.Length}");
        var table = ByteToUnit;
        for (var i = 0; i < source.Length; i++)
            destination[i] = table[source[i]];
    }

    /// <summary>The stored uint8 pixels of one image, CHW order.</summary>
    public ReadOnlySpan<byte> RawImage(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return _pixels.AsSpan(index * ImageSize, ImageSize);
    }

    /// <summary>A copy holding only the given images, in the given order.</summary>
    public InMemoryImageDataset Subset(int[] indices, string name)
    {
        var size = ImageSize;
        var pixels = new byte[(long)indices.Length * size];
        var labels = new int[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            RawImage(indices[i]).CopyTo(pixels.AsSpan(i * size, size));
            labels[i] = _labels[indices[i]];
        }
        return new InMemoryImageDataset(name, Channels, Height, Width, pixels, labels, ClassNames);
    }
}

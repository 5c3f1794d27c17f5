using FrozenLm.Runtime;

namespace FrozenLm.Data;

/// <summary>
/// A generated localisation set built from any classification set: image i is the source's image i, scaled and pasted
/// at a random position onto a clutter background tiled from crops of other images of the same source. The label is
/// the source label; the mask is exactly the pasted rectangle. Image i is a pure function of (seed, i), so reads are
/// thread-safe and repeatable.
/// </summary>
public sealed class ClutteredImageDataset : IMaskedImageDataset
{
    private readonly IImageDataset _source;
    private readonly ClutteredOptions _options;
    private readonly int _seed;

    public ClutteredImageDataset(IImageDataset source, int seed, ClutteredOptions? options = null)
    {
        _source = source;
        _seed = seed;
        _options = options ?? new ClutteredOptions();
        _options.Validate();
        if (source.Count == 0)
            throw new ArgumentException($"{source.Name}: cannot build a cluttered set from an empty data set");
        Height = _options.Height > 0 ? _options.Height : source.Height;
        Width = _options.Width > 0 ? _options.Width : source.Width;
    }

    public string Name => $"cluttered({_source.Name})";
    public int Count => _source.Count;
    public int Channels => _source.Channels;
    public int Height { get; }
    public int Width { get; }
    public IReadOnlyList<string> ClassNames => _source.ClassNames;

    public int GetLabel(int index) => _source.GetLabel(index);

    public void ReadImage(int index, Span<float> destination)
    {
        CheckIndex(index);
        if (destination.Length != Channels * Height * Width)
            throw new ArgumentException($"destination has {destination.Length} floats, expected {Channels * Height * Width}");
        var layout = Layout(index);
        var sourcePixels = new float[_source.Channels * _source.Height * _source.Width];
        foreach (var tile in layout.Tiles)
        {
            _source.ReadImage(tile.Source, sourcePixels);
            BilinearResize.Sample(sourcePixels, Channels, _source.Height, _source.Width,
                tile.CropX, tile.CropY, tile.CropW, tile.CropH,
                destination, Height, Width, tile.X, tile.Y, tile.W, tile.H);
        }
        _source.ReadImage(index, sourcePixels);
        var o = layout.Object;
        BilinearResize.Sample(sourcePixels, Channels, _source.Height, _source.Width,
            0, 0, _source.Width, _source.Height, destination, Height, Width, o.X, o.Y, o.W, o.H);
    }

    public void ReadMask(int index, Span<float> destination)
    {
        CheckIndex(index);
        if (destination.Length != Height * Width)
            throw new ArgumentException($"destination has {destination.Length} floats, expected {Height * Width}");
        destination.Clear();
        var o = Layout(index).Object;
        for (var y = o.Y; y < o.Y + o.H; y++)
            destination.Slice(y * Width + o.X, o.W).Fill(1f);
    }

    /// <summary>The pasted object's rectangle in canvas pixels (x, y, width, height).</summary>
    public (int X, int Y, int W, int H) ObjectRectangle(int index)
    {
        CheckIndex(index);
        var o = Layout(index).Object;
        return (o.X, o.Y, o.W, o.H);
    }

    private void CheckIndex(int index)
    {
        if ((uint)index >= (uint)Count)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"{Name} has {Count} images");
    }

    private ClutterLayout Layout(int index)
    {
        var rng = new Random(Seeding.Derive(_seed, "cluttered/" + index.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var rows = Cuts(rng, Height, rng.Next(_options.MinTiles, _options.MaxTiles + 1));
        var columns = Cuts(rng, Width, rng.Next(_options.MinTiles, _options.MaxTiles + 1));
        var tiles = new List<ClutterTile>();
        for (var r = 0; r + 1 < rows.Length; r++)
        {
            for (var c = 0; c + 1 < columns.Length; c++)
            {
                int y = rows[r], h = rows[r + 1] - y, x = columns[c], w = columns[c + 1] - x;
                var other = OtherImage(rng, index);
                var cropH = Uniform(rng, _options.MinFragmentScale, _options.MaxFragmentScale) * _source.Height;
                var cropW = Math.Min(_source.Width, cropH * w / h);
                var cropX = rng.NextDouble() * (_source.Width - cropW);
                var cropY = rng.NextDouble() * (_source.Height - cropH);
                tiles.Add(new ClutterTile(other, cropX, cropY, cropW, cropH, x, y, w, h));
            }
        }
        var objectH = Math.Clamp((int)Math.Round(Uniform(rng, _options.MinObjectScale, _options.MaxObjectScale) * Height), 1, Height);
        var objectW = Math.Clamp((int)Math.Round(objectH * (double)_source.Width / _source.Height * Width / Height), 1, Width);
        var objectX = rng.Next(0, Width - objectW + 1);
        var objectY = rng.Next(0, Height - objectH + 1);
        return new ClutterLayout(tiles, new ClutterTile(index, 0, 0, _source.Width, _source.Height, objectX, objectY, objectW, objectH));
    }

    private int OtherImage(Random rng, int index)
    {
        if (Count == 1)
            return index;
        var other = rng.Next(Count - 1);
        return other >= index ? other + 1 : other;
    }

    private static int[] Cuts(Random rng, int size, int parts)
    {
        parts = Math.Min(parts, size);
        var cuts = new int[parts + 1];
        cuts[parts] = size;
        for (var i = 1; i < parts; i++)
        {
            var even = (double)i * size / parts;
            var jitter = (rng.NextDouble() - 0.5) * 0.5 * size / parts;
            cuts[i] = Math.Clamp((int)Math.Round(even + jitter), cuts[i - 1] + 1, size - (parts - i));
        }
        return cuts;
    }

    private static double Uniform(Random rng, double min, double max) => min + rng.NextDouble() * (max - min);

    private sealed record ClutterTile(
        int Source, double CropX, double CropY, double CropW, double CropH, int X, int Y, int W, int H);

    private sealed record ClutterLayout(List<ClutterTile> Tiles, ClutterTile Object);
}

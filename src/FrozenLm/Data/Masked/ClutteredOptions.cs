namespace FrozenLm.Data;

/// <summary>How a cluttered image is composed: canvas size, object scale range, and the clutter tiling.</summary>
public sealed record ClutteredOptions
{
    /// <summary>Canvas size in pixels; 0 = the source image's size.</summary>
    public int Height { get; init; }
    public int Width { get; init; }

    /// <summary>Object height as a fraction of the canvas height, drawn uniformly from [Min, Max].</summary>
    public double MinObjectScale { get; init; } = 0.45;
    public double MaxObjectScale { get; init; } = 0.75;

    /// <summary>The background is a rows x columns grid of tiles; each count is drawn uniformly from [Min, Max].</summary>
    public int MinTiles { get; init; } = 2;
    public int MaxTiles { get; init; } = 4;

    /// <summary>Each tile shows a crop of another image whose side is this fraction range of that image's side.</summary>
    public double MinFragmentScale { get; init; } = 0.25;
    public double MaxFragmentScale { get; init; } = 0.6;

    internal void Validate()
    {
        if (Height < 0 || Width < 0)
            throw new ArgumentException("canvas size must be 0 (source size) or positive");
        if (!(MinObjectScale > 0 && MinObjectScale <= MaxObjectScale && MaxObjectScale <= 1))
            throw new ArgumentException("object scale range must satisfy 0 < min <= max <= 1");
        if (MinTiles < 1 || MinTiles > MaxTiles)
            throw new ArgumentException("tile counts must satisfy 1 <= min <= max");
        if (!(MinFragmentScale > 0 && MinFragmentScale <= MaxFragmentScale && MaxFragmentScale <= 1))
            throw new ArgumentException("fragment scale range must satisfy 0 < min <= max <= 1");
    }
}

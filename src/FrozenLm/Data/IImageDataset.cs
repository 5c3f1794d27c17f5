namespace FrozenLm.Data;

/// <summary>A labelled image collection with random access; images are read as float CHW in [0, 1].</summary>
public interface IImageDataset
{
    /// <summary>Short description used in logs and config.json (e.g. "fashion-mnist-mini/train").</summary>
    string Name { get; }

    int Count { get; }
    int Channels { get; }
    int Height { get; }
    int Width { get; }
    IReadOnlyList<string> ClassNames { get; }

    int GetLabel(int index);

    /// <summary>Writes image <paramref name="index"/> as [Channels, Height, Width] floats in [0, 1]. Thread-safe.</summary>
    void ReadImage(int index, Span<float> destination);
}

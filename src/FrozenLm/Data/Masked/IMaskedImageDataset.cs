namespace FrozenLm.Data;

/// <summary>An image data set that also knows, per image, which pixels belong to the labelled object.</summary>
public interface IMaskedImageDataset : IImageDataset
{
    /// <summary>Writes the object mask of image <paramref name="index"/> as [Height, Width] floats: 1 = object, 0 = not.</summary>
    void ReadMask(int index, Span<float> destination);
}

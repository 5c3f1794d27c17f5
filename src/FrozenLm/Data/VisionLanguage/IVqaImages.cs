namespace FrozenLm.Data.VisionLanguage;

/// <summary>The images a VQA split asks about, read as RGB [3, size, size] floats in [0, 1] at any requested size.</summary>
public interface IVqaImages
{
    int Count { get; }

    /// <summary>Image <paramref name="index"/> as [3, size, size]; unreadable files are a <see cref="UserInputException"/> on the file.</summary>
    float[] Read(int index, int size);

    /// <summary>A short description of image <paramref name="index"/> (its file, or the generated scene's seed).</summary>
    string Describe(int index);
}

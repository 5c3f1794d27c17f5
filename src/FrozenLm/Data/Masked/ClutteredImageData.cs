using FrozenLm.Runtime;

namespace FrozenLm.Data;

/// <summary>
/// The <c>cluttered</c> / <c>cluttered:SRC</c> data sources: the splits of a classification source (default the bundled
/// fashion-mnist-mini) turned into <see cref="ClutteredImageDataset"/>s. The layouts use a fixed data seed, so a
/// cluttered set is the same data whatever seed a run trains with.
/// </summary>
public static class ClutteredImageData
{
    public const string Name = "cluttered";
    public const string DefaultSource = "fashion-mnist-mini";
    private const int DataSeed = 0;

    /// <summary>True when <paramref name="source"/> names a cluttered set; <paramref name="inner"/> is its classification source.</summary>
    public static bool TryParse(string source, out string inner)
    {
        inner = "";
        var s = source.Trim();
        if (string.Equals(s, Name, StringComparison.OrdinalIgnoreCase))
        {
            inner = DefaultSource;
            return true;
        }
        if (!s.StartsWith(Name + ":", StringComparison.OrdinalIgnoreCase))
            return false;
        inner = s[(Name.Length + 1)..].Trim();
        if (inner.Length == 0)
            throw new UserInputException("--data", "'cluttered:' needs a classification source after the colon, e.g. cluttered:fashion-mnist");
        return true;
    }

    /// <summary>Wraps both splits of <paramref name="splits"/> (already opened, validation already carved).</summary>
    public static ImageDataSplits Wrap(ImageDataSplits splits, ClutteredOptions? options = null) =>
        splits with
        {
            Train = new ClutteredImageDataset(splits.Train, Seeding.Derive(DataSeed, "cluttered/train"), options),
            Test = new ClutteredImageDataset(splits.Test, Seeding.Derive(DataSeed, "cluttered/test"), options),
            Source = Name + ":" + splits.Source,
        };
}

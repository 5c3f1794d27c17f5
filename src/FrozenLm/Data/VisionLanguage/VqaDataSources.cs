namespace FrozenLm.Data.VisionLanguage;

/// <summary>Opens a VQA data set by name: <c>shapes-vqa</c> (generated) or a folder in the VQAv2 layout.</summary>
public static class VqaDataSources
{
    public static IReadOnlyList<string> Formats { get; } = [Vqa2Reader.Format];

    /// <summary>
    /// Opens <paramref name="source"/>; a generated set has <paramref name="trainCount"/> and <paramref name="evalCount"/>
    /// questions (0 = its defaults), a folder all of its questions.
    /// </summary>
    public static VqaData Open(string source, string? format, int trainCount = 0, int evalCount = 0)
    {
        if (string.IsNullOrWhiteSpace(source) || string.Equals(source.Trim(), ShapesVqaData.Name, StringComparison.OrdinalIgnoreCase))
            return ShapesVqaData.Open(trainCount > 0 ? trainCount : ShapesVqaData.DefaultTrainCount,
                evalCount > 0 ? evalCount : ShapesVqaData.DefaultEvalCount);
        if (format is not null && !string.Equals(format.Trim(), Vqa2Reader.Format, StringComparison.OrdinalIgnoreCase))
            throw new UserInputException("--format", $"'{format}' is not a VQA format (known: {string.Join(", ", Formats)})");
        if (!Directory.Exists(source))
            throw new UserInputException("--data", $"'{source}' is neither a folder in the VQAv2 layout nor {ShapesVqaData.Name}");
        return Vqa2Reader.Open(source);
    }
}

namespace FrozenLm.Data.VisionLanguage;

/// <summary>
/// Opens a retrieval data set by name: <c>shapes-captions</c> (generated; train and test scenes) or a caption JSON in
/// the Karpathy split layout (COCO / Flickr30k) whose images lie under <c>imageRoot</c> (default: the JSON's folder);
/// its <c>train</c> split (with COCO's <c>restval</c>) trains, its <c>test</c> split is the gallery.
/// </summary>
public static class RetrievalDataSources
{
    public const int DefaultTrainScenes = 8000;
    public const int DefaultEvalScenes = 1000;

    public static IReadOnlyList<string> Formats { get; } = [KarpathyCaptionReader.Format];

    /// <summary>
    /// Opens <paramref name="source"/>; a generated set has <paramref name="trainCount"/> and <paramref name="evalCount"/>
    /// scenes (0 = its defaults), a caption JSON all the images of its splits.
    /// </summary>
    public static RetrievalData Open(string source, string? format, string? imageRoot, int trainCount = 0, int evalCount = 0)
    {
        if (string.IsNullOrWhiteSpace(source) || string.Equals(source.Trim(), ShapesCaptionData.Name, StringComparison.OrdinalIgnoreCase))
        {
            var (trainImages, trainCaptions) = ShapesCaptionData.Split("train", trainCount > 0 ? trainCount : DefaultTrainScenes);
            var (evalImages, evalCaptions) = ShapesCaptionData.Split("test", evalCount > 0 ? evalCount : DefaultEvalScenes);
            return new RetrievalData(new RetrievalSplit($"{ShapesCaptionData.Name}/train", trainImages, trainCaptions),
                new RetrievalSplit($"{ShapesCaptionData.Name}/test", evalImages, evalCaptions), ShapesCaptionData.Name, "generated");
        }
        if (format is not null && !string.Equals(format.Trim(), KarpathyCaptionReader.Format, StringComparison.OrdinalIgnoreCase))
            throw new UserInputException("--format", $"'{format}' is not a retrieval format (known: {string.Join(", ", Formats)})");
        if (!File.Exists(source))
            throw new UserInputException("--data", $"'{source}' is neither a caption JSON in the Karpathy split layout nor {ShapesCaptionData.Name}");
        var root = imageRoot ?? Path.GetDirectoryName(Path.GetFullPath(source))!;
        return new RetrievalData(Split(KarpathyCaptionReader.Read(source, root, "train")), Split(KarpathyCaptionReader.Read(source, root, "test")),
            source, KarpathyCaptionReader.Format);
    }

    private static RetrievalSplit Split(CaptionedImages images) => new(images.Name, new ImageFileImages(images.ImagePaths), images.Captions);
}

namespace FrozenLm.Data.VisionLanguage;

/// <summary>A retrieval split: image files and the captions of each (one or more per image), in the file's order.</summary>
public sealed record CaptionedImages(IReadOnlyList<string> ImagePaths, IReadOnlyList<IReadOnlyList<string>> Captions, string Name)
{
    public int ImageCount => ImagePaths.Count;
    public int CaptionCount => Captions.Sum(c => c.Count);
}

namespace FrozenLm.Data.VisionLanguage;

/// <summary>One split of a retrieval data set: its images and the captions of each (one or more per image), in the same order.</summary>
public sealed record RetrievalSplit(string Name, IVqaImages Images, IReadOnlyList<IReadOnlyList<string>> Captions)
{
    public int ImageCount => Captions.Count;
    public int CaptionCount => Captions.Sum(c => c.Count);

    /// <summary>The split restricted to images <paramref name="indices"/> (in that order).</summary>
    public RetrievalSplit Subset(IReadOnlyList<int> indices) =>
        new(Name, new SubsetImages(Images, indices), indices.Select(i => Captions[i]).ToList());

    private sealed class SubsetImages(IVqaImages images, IReadOnlyList<int> indices) : IVqaImages
    {
        public int Count => indices.Count;
        public float[] Read(int index, int size) => images.Read(indices[index], size);
        public string Describe(int index) => images.Describe(indices[index]);
    }
}

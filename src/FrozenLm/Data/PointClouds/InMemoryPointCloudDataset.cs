namespace FrozenLm.Data.PointClouds;

/// <summary>Point clouds held in memory (every reader produces one after validating its input).</summary>
public sealed class InMemoryPointCloudDataset : IPointCloudDataset
{
    private readonly float[][] _clouds;
    private readonly int[] _labels;

    public InMemoryPointCloudDataset(string name, IReadOnlyList<string> classNames, float[][] clouds, int[] labels)
    {
        if (clouds.Length != labels.Length)
            throw new ArgumentException($"{clouds.Length} clouds but {labels.Length} labels");
        foreach (var label in labels)
        {
            if (label < 0 || label >= classNames.Count)
                throw new ArgumentException($"label {label} outside [0, {classNames.Count})");
        }
        Name = name;
        ClassNames = classNames;
        _clouds = clouds;
        _labels = labels;
    }

    public string Name { get; }
    public int Count => _clouds.Length;
    public IReadOnlyList<string> ClassNames { get; }
    public int GetLabel(int index) => _labels[index];
    public ReadOnlyMemory<float> GetPoints(int index) => _clouds[index];
}

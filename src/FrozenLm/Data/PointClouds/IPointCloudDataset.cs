namespace FrozenLm.Data.PointClouds;

/// <summary>A labelled collection of point clouds with random access; clouds are float xyz, row-major [n, 3].</summary>
public interface IPointCloudDataset
{
    /// <summary>Short description used in logs and config.json (e.g. "shapes/train").</summary>
    string Name { get; }

    int Count { get; }
    IReadOnlyList<string> ClassNames { get; }

    int GetLabel(int index);

    /// <summary>Cloud <paramref name="index"/> as [n, 3] floats (n may differ between clouds). Thread-safe; do not mutate.</summary>
    ReadOnlyMemory<float> GetPoints(int index);
}

namespace FrozenLm.Data.Sqa3d;

/// <summary>Reads a scene point cloud by extension (<c>.ply</c>, <c>.npy</c>) as [N, 6] points, normalised (<see cref="ScenePoints.Normalise"/>).</summary>
public static class ScenePointFiles
{
    public static IReadOnlyList<string> Extensions { get; } = [".ply", ".npy"];

    /// <summary>The scene at <paramref name="path"/> under id <paramref name="id"/>, and the scale its frame was normalised with.</summary>
    public static (ScenePoints Scene, double Scale) Read(string path, string id)
    {
        var values = Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".ply" => PlyPointReader.Read(path),
            ".npy" => NpyPointReader.Read(path),
            _ => throw new UserInputException(path, $"not a scene point cloud (expected {string.Join(" or ", Extensions)})"),
        };
        var (_, _, _, scale) = ScenePoints.Normalise(values);
        return (new ScenePoints(id, values), scale);
    }
}

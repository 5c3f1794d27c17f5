using System.Globalization;

namespace FrozenLm.Data.PointClouds;

/// <summary>
/// Reads Object File Format meshes (<c>.off</c>), including ModelNet's variant where the counts follow "OFF" on the
/// same line. Polygons are fan-triangulated. Problems are one-line <see cref="UserInputException"/>s naming the file.
/// </summary>
public static class OffMeshReader
{
    private const int InitialCapacity = 1 << 16;

    public static TriangleMesh Read(string path)
    {
        if (!File.Exists(path))
            throw new UserInputException(path, "file not found");
        using var lines = File.ReadLines(path)
            .Select(l => { var h = l.IndexOf('#'); return (h >= 0 ? l[..h] : l).Trim(); })
            .Where(l => l.Length > 0)
            .GetEnumerator();
        string[] NextLine(string what) => lines.MoveNext()
            ? lines.Current.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)
            : throw new UserInputException(path, $"truncated OFF file: missing {what}");

        var header = NextLine("the OFF header");
        if (!header[0].StartsWith("OFF", StringComparison.Ordinal))
            throw new UserInputException(path, $"not an OFF file: starts with '{Truncate(header[0])}' instead of 'OFF'");
        var counts = header[0].Length > 3 ? [header[0][3..], .. header[1..]] : header[1..];
        if (counts.Length == 0)
            counts = NextLine("the vertex and face counts");
        if (counts.Length < 2)
            throw new UserInputException(path, "malformed OFF file: the counts line needs vertex and face counts");
        var vertexCount = ParseInt(path, counts[0], "vertex count");
        var faceCount = ParseInt(path, counts[1], "face count");
        if (vertexCount < 3 || faceCount < 1)
            throw new UserInputException(path, $"empty mesh: {vertexCount} vertices, {faceCount} faces");

        // The counts come from the file: storage grows with the lines actually read, never sized by them up front.
        var vertices = new List<float>(3 * Math.Min(vertexCount, InitialCapacity));
        for (var i = 0; i < vertexCount; i++)
        {
            var parts = NextLine($"vertex {i}");
            if (parts.Length < 3)
                throw new UserInputException(path, $"vertex {i} has {parts.Length} coordinates, expected 3");
            for (var j = 0; j < 3; j++)
            {
                var v = ParseFloat(path, parts[j], $"vertex {i}");
                if (!float.IsFinite(v))
                    throw new UserInputException(path, $"vertex {i} has a non-finite coordinate");
                vertices.Add(v);
            }
        }
        var triangles = new List<int>(3 * Math.Min(faceCount, InitialCapacity));
        for (var f = 0; f < faceCount; f++)
        {
            var parts = NextLine($"face {f}");
            var k = ParseInt(path, parts[0], $"face {f} size");
            if (k < 3 || k > parts.Length - 1)
                throw new UserInputException(path, $"face {f} is malformed: size {k}, {parts.Length - 1} values");
            var corners = new int[k];
            for (var j = 0; j < k; j++)
            {
                corners[j] = ParseInt(path, parts[j + 1], $"face {f} index");
                if (corners[j] < 0 || corners[j] >= vertexCount)
                    throw new UserInputException(path, $"face {f} refers to vertex {corners[j]} of {vertexCount}");
            }
            for (var j = 1; j + 1 < k; j++)
                triangles.AddRange([corners[0], corners[j], corners[j + 1]]);
        }
        return new TriangleMesh(vertices.ToArray(), triangles.ToArray());
    }

    private static int ParseInt(string path, string token, string what) =>
        int.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v
            : throw new UserInputException(path, $"malformed OFF file: {what} '{Truncate(token)}' is not an integer");

    private static float ParseFloat(string path, string token, string what) =>
        float.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
            : throw new UserInputException(path, $"malformed OFF file: {what} has '{Truncate(token)}', not a number");

    private static string Truncate(string s) => s.Length <= 20 ? s : s[..20] + "...";
}

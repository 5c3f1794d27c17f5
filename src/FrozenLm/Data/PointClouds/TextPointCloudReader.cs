using System.Globalization;

namespace FrozenLm.Data.PointClouds;

/// <summary>
/// Reads <c>.txt</c> / <c>.xyz</c> point files: one point per line, x y z first (comma, space or tab separated), extra
/// columns (normals, colours) ignored, blank lines and '#' comments skipped.
/// </summary>
public static class TextPointCloudReader
{
    private static readonly char[] Separators = [',', ' ', '\t', ';'];

    public static float[] Read(string path)
    {
        if (!File.Exists(path))
            throw new UserInputException(path, "file not found");
        var points = new List<float>();
        var lineNumber = 0;
        foreach (var raw in File.ReadLines(path))
        {
            lineNumber++;
            var hash = raw.IndexOf('#');
            var line = (hash >= 0 ? raw[..hash] : raw).Trim();
            if (line.Length == 0)
                continue;
            var parts = line.Split(Separators, StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length < 3)
                throw new UserInputException(path, $"line {lineNumber} has {parts.Length} values, expected at least x y z");
            for (var j = 0; j < 3; j++)
            {
                if (!float.TryParse(parts[j], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                    throw new UserInputException(path, $"line {lineNumber}: '{parts[j]}' is not a number");
                points.Add(v);
            }
        }
        var xyz = points.ToArray();
        PointCloudChecks.Check(path, xyz, "the file");
        return xyz;
    }
}

using System.Globalization;

namespace FrozenLm.Data.Motion;

/// <summary>
/// Reads one Argoverse 1 forecasting scene (<c>TIMESTAMP,TRACK_ID,OBJECT_TYPE,X,Y,CITY_NAME</c>, columns in any
/// order, 10 Hz). The <c>AGENT</c>'s timestamps define the scene's steps: with 50 or more the scene has its 2 s history
/// and 3 s future, with 20 to 49 (a test-split scene) its history only. Other objects are matched to the nearest
/// step within half a step. Lanes come from the vector map (<see cref="VectorMapSet"/>), not from the CSV.
/// </summary>
public static class ArgoverseCsvReader
{
    public static readonly string[] Columns = ["TIMESTAMP", "TRACK_ID", "OBJECT_TYPE", "X", "Y", "CITY_NAME"];

    /// <summary>Reads <paramref name="path"/>; any problem is a <see cref="UserInputException"/> naming the file.</summary>
    public static MotionScene Read(string path)
    {
        if (!File.Exists(path))
            throw new UserInputException(path, "no such scene file");
        using var reader = new StreamReader(path);
        return Read(reader, path, Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>Reads a scene from <paramref name="reader"/>; <paramref name="source"/> names it in errors.</summary>
    public static MotionScene Read(TextReader reader, string source, string id)
    {
        var header = reader.ReadLine() ?? throw new UserInputException(source, "empty file (expected the header " + string.Join(",", Columns) + ")");
        var names = header.Split(',').Select(h => h.Trim()).ToArray();
        var index = new int[Columns.Length];
        for (var c = 0; c < Columns.Length; c++)
        {
            index[c] = Array.IndexOf(names, Columns[c]);
            if (index[c] < 0)
                throw new UserInputException(source, $"missing column {Columns[c]} (header: {header.Trim()})");
        }

        var rows = new List<(double T, string Track, MotionObjectType Type, double X, double Y)>();
        string? city = null;
        var lineNumber = 1;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
                continue;
            var cells = line.Split(',');
            if (cells.Length != names.Length)
                throw new UserInputException(source, $"line {lineNumber}: {cells.Length} values for {names.Length} columns");
            var t = Number(cells[index[0]], "TIMESTAMP", source, lineNumber);
            var type = Type(cells[index[2]].Trim(), source, lineNumber);
            var x = Number(cells[index[3]], "X", source, lineNumber);
            var y = Number(cells[index[4]], "Y", source, lineNumber);
            city ??= cells[index[5]].Trim();
            rows.Add((t, cells[index[1]].Trim(), type, x, y));
        }
        if (rows.Count == 0)
            throw new UserInputException(source, "no rows after the header");

        var agentIds = rows.Where(r => r.Type == MotionObjectType.Agent).Select(r => r.Track).Distinct().ToList();
        if (agentIds.Count == 0)
            throw new UserInputException(source, "no AGENT track (OBJECT_TYPE AGENT marks the target)");
        if (agentIds.Count > 1)
            throw new UserInputException(source, $"{agentIds.Count} AGENT tracks; a scene has exactly one");
        var times = rows.Where(r => r.Type == MotionObjectType.Agent).Select(r => r.T).Distinct().Order().ToArray();
        if (times.Length < MotionTiming.HistorySteps)
            throw new UserInputException(source,
                $"the AGENT has {times.Length} observed steps, fewer than the {MotionTiming.HistorySteps} history steps (2 s at 10 Hz)");
        var steps = times.Length >= MotionTiming.TotalSteps ? MotionTiming.TotalSteps : MotionTiming.HistorySteps;
        times = times[..steps];

        var tracks = new List<MotionTrack>();
        foreach (var group in rows.GroupBy(r => r.Track))
        {
            var first = group.First();
            var track = new MotionTrack(group.Key, first.Type, new double[steps], new double[steps], new bool[steps]);
            foreach (var r in group)
            {
                var step = NearestStep(times, r.T);
                if (step < 0)
                    continue;
                track.X[step] = r.X;
                track.Y[step] = r.Y;
                track.Observed[step] = true;
            }
            if (track.Observed.Any(o => o))
                tracks.Add(track);
        }
        tracks.Sort((a, b) => a.Type == b.Type ? 0 : a.Type.CompareTo(b.Type));
        return new MotionScene(id, city ?? "", tracks, []);
    }

    private static int NearestStep(double[] times, double t)
    {
        var i = Array.BinarySearch(times, t);
        if (i >= 0)
            return i;
        i = ~i;
        var best = -1;
        var bestGap = MotionTiming.StepSeconds / 2;
        foreach (var j in new[] { i - 1, i })
        {
            if (j >= 0 && j < times.Length && Math.Abs(times[j] - t) <= bestGap)
                (best, bestGap) = (j, Math.Abs(times[j] - t));
        }
        return best;
    }

    private static double Number(string cell, string column, string source, int line) =>
        double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v)
            ? v
            : throw new UserInputException(source, $"line {line}: {column} '{cell.Trim()}' is not a number");

    private static MotionObjectType Type(string cell, string source, int line) => cell switch
    {
        "AGENT" => MotionObjectType.Agent,
        "AV" => MotionObjectType.Av,
        "OTHERS" => MotionObjectType.Others,
        _ => throw new UserInputException(source, $"line {line}: OBJECT_TYPE '{cell}' is not one of AGENT, AV, OTHERS"),
    };
}

using System.Globalization;

namespace FrozenLm.Data.Video;

/// <summary>
/// The mmaction-style annotation list: one clip per line, <c>clip_dir num_frames label</c> (rawframes) or
/// <c>video_file label</c> (video files), whitespace-separated; paths relative to the data folder; blank lines and
/// <c>#</c> comments skipped. Any other line is a <see cref="UserInputException"/> naming the file and line.
/// </summary>
public static class ClipListFile
{
    public static List<ClipEntry> Read(string path, string root)
    {
        var entries = new List<ClipEntry>();
        var number = 0;
        foreach (var raw in File.ReadLines(path))
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            int frames = 0, label = 0;
            var ok = fields.Length switch
            {
                3 => int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out frames) && frames > 0
                     && int.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out label),
                2 => int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out label),
                _ => false,
            };
            if (!ok)
            {
                throw new UserInputException($"{path}:{number}",
                    $"expected 'clip_dir num_frames label' or 'video_file label' (non-negative integers), got '{line}'");
            }
            entries.Add(new ClipEntry(System.IO.Path.Combine(root, fields[0]), fields.Length == 3 ? frames : null, label));
        }
        if (entries.Count == 0)
            throw new UserInputException(path, "the annotation file lists no clips");
        return entries;
    }
}

using System.Diagnostics;
using System.Globalization;

namespace FrozenLm.Data.Video;

/// <summary>
/// Decodes video files (<c>.mp4</c>, <c>.webm</c>, <c>.avi</c>, ...) through the system <c>ffmpeg</c> / <c>ffprobe</c>
/// (Debian package <c>ffmpeg</c>, a run-time requirement for video files only): the size is probed, then every frame
/// is decoded to RGB, scaled down so that the short side is at most a given length. One clip at a time, on the
/// caller's (loader worker's) thread.
/// </summary>
public static class FfmpegVideoReader
{
    public const string DebianPackage = "ffmpeg";

    /// <summary>
    /// Full path of <paramref name="tool"/> in the folders of <paramref name="searchPath"/> (null = the PATH variable); a
    /// <see cref="UserInputException"/> naming the Debian package when missing.
    /// </summary>
    public static string Locate(string tool, string? searchPath = null)
    {
        var path = searchPath ?? Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
                return candidate;
        }
        throw new UserInputException(tool,
            $"'{tool}' is not on PATH; reading video files needs the system ffmpeg: install the Debian package '{DebianPackage}' (apt-get install {DebianPackage})");
    }

    /// <summary>All frames of <paramref name="path"/>, the short side scaled to at most <paramref name="maxShortSide"/> (0 = native size).</summary>
    public static VideoFrames Decode(string path, int maxShortSide)
    {
        if (!File.Exists(path))
            throw new UserInputException(path, "video file not found");
        var (width, height) = Probe(path);
        var scale = maxShortSide > 0 && Math.Min(width, height) > maxShortSide ? (double)maxShortSide / Math.Min(width, height) : 1.0;
        var w = Math.Max(2, (int)Math.Round(width * scale / 2) * 2);
        var h = Math.Max(2, (int)Math.Round(height * scale / 2) * 2);
        var (bytes, error) = Run(Locate("ffmpeg"), ["-v", "error", "-nostdin", "-i", path, "-vf", $"scale={w}:{h}", "-f", "rawvideo",
            "-pix_fmt", "rgb24", "pipe:1"]);
        var frameBytes = 3 * w * h;
        if (error is not null || bytes.Length < frameBytes)
            throw new UserInputException(path, "not a readable video: " + (error ?? "no frames decoded"));
        var frames = bytes.Length / frameBytes;
        var plane = w * h;
        var pixels = new float[frames * 3 * plane];
        for (var f = 0; f < frames; f++)
        {
            var src = bytes.AsSpan(f * frameBytes, frameBytes);
            var dst = pixels.AsSpan(f * 3 * plane, 3 * plane);
            for (var p = 0; p < plane; p++)
            {
                dst[p] = src[3 * p] / 255f;
                dst[plane + p] = src[3 * p + 1] / 255f;
                dst[2 * plane + p] = src[3 * p + 2] / 255f;
            }
        }
        return new VideoFrames(pixels, frames, h, w);
    }

    /// <summary>Width and height of the first video stream.</summary>
    public static (int Width, int Height) Probe(string path)
    {
        var (bytes, error) = Run(Locate("ffprobe"), ["-v", "error", "-select_streams", "v:0", "-show_entries", "stream=width,height",
            "-of", "csv=p=0", path]);
        var text = System.Text.Encoding.UTF8.GetString(bytes).Trim();
        var parts = text.Split(',');
        if (error is not null || parts.Length < 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var width)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var height) || width <= 0 || height <= 0)
        {
            throw new UserInputException(path, "not a readable video: " + (error ?? "no video stream"));
        }
        return (width, height);
    }

    /// <summary>Runs a tool; its standard output, and the first line of its error output when it failed (null on success).</summary>
    private static (byte[] Output, string? Error) Run(string tool, IReadOnlyList<string> arguments)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info) ?? throw new UserInputException(tool, "could not be started");
        var stderr = process.StandardError.ReadToEndAsync();
        using var output = new MemoryStream();
        process.StandardOutput.BaseStream.CopyTo(output);
        process.WaitForExit();
        var message = stderr.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        return (output.ToArray(), process.ExitCode == 0 ? null : message ?? $"exit code {process.ExitCode}");
    }
}

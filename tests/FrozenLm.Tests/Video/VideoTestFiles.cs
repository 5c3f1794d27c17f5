using System.Diagnostics;
using FrozenLm.Data.Video;
using SkiaSharp;

namespace FrozenLm.Tests.Video;

/// <summary>Small clips written by tests: rawframes folders of solid-colour JPEGs and videos made by the system ffmpeg.</summary>
internal static class VideoTestFiles
{
    /// <summary>Frame f of a test clip is a solid colour with red = 20 f, green = 200 - 15 f, blue = 90 (of 255).</summary>
    public static (byte R, byte G, byte B) Colour(int frame) => ((byte)(20 * frame), (byte)(200 - 15 * frame), 90);

    public static void WriteRawFrames(string folder, int frames, int width = 20, int height = 12)
    {
        Directory.CreateDirectory(folder);
        for (var f = 0; f < frames; f++)
        {
            using var bitmap = new SKBitmap(width, height);
            var (r, g, b) = Colour(f);
            bitmap.Erase(new SKColor(r, g, b));
            using var data = bitmap.Encode(SKEncodedImageFormat.Jpeg, 95);
            File.WriteAllBytes(AnnotatedVideoDataset.FramePath(folder, f, ".jpg"), data.ToArray());
        }
    }

    /// <summary>The system ffmpeg; fails the test with a clear message when it is not installed (the video reader needs it).</summary>
    public static string RequireFfmpeg()
    {
        try
        {
            FfmpegVideoReader.Locate("ffprobe");
            return FfmpegVideoReader.Locate("ffmpeg");
        }
        catch (UserInputException e)
        {
            Assert.Fail($"these tests need the system ffmpeg and ffprobe (Debian package 'ffmpeg'): {e.Message}");
            throw;
        }
    }

    /// <summary>Writes a video of <paramref name="frames"/> frames, frame f a solid <see cref="Colour"/>(f), with ffmpeg.</summary>
    public static void WriteVideo(string path, int frames, int width = 32, int height = 24)
    {
        var ffmpeg = RequireFfmpeg();
        var raw = new byte[frames * width * height * 3];
        for (var f = 0; f < frames; f++)
        {
            var (r, g, b) = Colour(f);
            for (var p = 0; p < width * height; p++)
            {
                var o = (f * width * height + p) * 3;
                (raw[o], raw[o + 1], raw[o + 2]) = (r, g, b);
            }
        }
        var info = new ProcessStartInfo(ffmpeg) { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-v", "error", "-y", "-f", "rawvideo", "-pix_fmt", "rgb24", "-s", $"{width}x{height}", "-r", "10",
                     "-i", "pipe:0", "-c:v", "mpeg4", "-q:v", "1", "-pix_fmt", "yuv420p", path })
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEndAsync();
        process.StandardInput.BaseStream.Write(raw);
        process.StandardInput.Close();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, "ffmpeg could not write the test video: " + error.Result);
    }
}

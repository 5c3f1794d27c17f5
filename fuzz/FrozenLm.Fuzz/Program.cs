using System.Runtime.ExceptionServices;
using FrozenLm.Fuzz.Seeds;
using FrozenLm.Fuzz.Targets;
using SharpFuzz;

namespace FrozenLm.Fuzz;

/// <summary>
/// The fuzzing entry point. <c>TARGET</c>: the AFL++ persistent loop (SharpFuzz) over that target, where any exception
/// other than a one-line user error is a crash; <c>--replay TARGET FILE|DIR...</c>: run inputs and print each outcome
/// (exit 1 on a finding); <c>--seeds DIR</c>: write the synthesized seed inputs; <c>--list</c>: the targets.
/// </summary>
public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help")
        {
            Console.Error.WriteLine("usage: FrozenLm.Fuzz TARGET | --list | --replay TARGET FILE|DIR... | --seeds DIR");
            return 2;
        }
        if (args[0] == "--list")
        {
            foreach (var t in FuzzTargets.All)
                Console.WriteLine($"{t.Name,-18} {t.Reader}");
            return 0;
        }
        if (args[0] == "--seeds" && args.Length == 2)
        {
            SeedWriter.WriteAll(args[1]);
            return 0;
        }
        if (args[0] == "--replay" && args.Length >= 3)
            return Replay(Target(args[1]), args[2..]);
        return Fuzz(Target(args[0]));
    }

    private static FuzzTarget Target(string name) =>
        FuzzTargets.Find(name) ?? throw new ArgumentException(
            $"unknown fuzz target '{name}'; targets: {string.Join(", ", FuzzTargets.All.Select(t => t.Name))}");

    private static int Fuzz(FuzzTarget target)
    {
        using var scratch = new FuzzScratch();
        // Loads the native libraries before the first timed input. Nothing instrumented may run before Fuzzer.Run:
        // the coverage map it writes to exists only from then on.
        using (TorchSharp.torch.zeros(1))
        using (new SkiaSharp.SKBitmap(1, 1))
        {
        }
        Fuzzer.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var finding = FuzzVerdict.Unhandled(target, buffer.ToArray(), scratch);
            if (finding is not null)
                ExceptionDispatchInfo.Throw(finding);
        });
        return 0;
    }

    private static int Replay(FuzzTarget target, string[] paths)
    {
        using var scratch = new FuzzScratch();
        var files = paths.SelectMany<string, string>(p => Directory.Exists(p)
            ? Directory.GetFiles(p, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
            : [p]).ToList();
        var findings = 0;
        foreach (var file in files)
        {
            var started = System.Diagnostics.Stopwatch.StartNew();
            Exception? finding = null;
            string outcome;
            try
            {
                target.Run(File.ReadAllBytes(file), scratch);
                outcome = "read";
            }
            catch (Exception e) when (FuzzVerdict.IsUserError(e))
            {
                outcome = "rejected: " + e.Message.ReplaceLineEndings(" ");
            }
            catch (Exception e)
            {
                finding = e;
                outcome = "";
            }
            var ms = started.Elapsed.TotalMilliseconds;
            if (finding is null)
            {
                Console.WriteLine($"ok {ms,8:F1} ms  {file}: {outcome}");
                continue;
            }
            findings++;
            Console.WriteLine($"FINDING  {ms,8:F1} ms  {file}: {finding.GetType().FullName}: {finding.Message}");
            Console.WriteLine(finding.StackTrace);
        }
        Console.WriteLine($"{target.Name}: {files.Count} inputs, {findings} findings");
        return findings == 0 ? 0 : 1;
    }
}

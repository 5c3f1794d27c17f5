using System.Diagnostics;
using FrozenLm.Tensors;

namespace FrozenLm.Bench.Reliability;

/// <summary>
/// Kills <c>frozenlm train</c> and <c>frozenlm compare</c> child processes (SIGKILL) at seeded random moments, restarts
/// them the way a user would (<c>train --resume DIR</c> once the run has its config.json, else the first command again;
/// <c>compare</c> rerun as is) until they finish, and checks that final metrics and every weights and checkpoint file
/// are bit-identical to an uninterrupted run. Used by <c>bench kill-resume</c> (long) and a CI test (short).
/// </summary>
internal sealed class KillHarness
{
    private readonly string _cli;
    private readonly string _root;
    private readonly Random _rng;
    private readonly Action<string> _log;

    public KillHarness(string repoRoot, string workDir, int seed, Action<string> log)
    {
        _cli = Path.Combine(repoRoot, "src", "FrozenLm.Cli", "bin", "Release", "net10.0", "FrozenLm.Cli.dll");
        if (!File.Exists(_cli))
            throw new FileNotFoundException("build the CLI first (dotnet build -c Release)", _cli);
        _root = workDir;
        _rng = new Random(seed);
        _log = log;
        Data = TinyIdxData.Write(Path.Combine(workDir, "data"), train: 256, test: 16);
    }

    public string Data { get; }

    /// <summary>Kills aimed after the uninterrupted run's startup (training, evaluation, checkpointing).</summary>
    public int KillsAfterStartup { get; private set; }

    /// <summary>The tiny image run: a ViT of width 12 on 8x8 images, 16 steps per epoch, an MLP LM stage.</summary>
    public string[] TrainArgs(string outDir, int epochs) =>
    [
        "train", "--task", "image", "--data", Data, "--out", outDir, "--epochs", epochs.ToString(), "--batch-size", "16",
        "--dim", "12", "--depth", "1", "--heads", "2", "--patch", "4", "--img-size", "8", "--lm-mode", "mlp", "--workers", "1",
        "--seed", "3", "--threads", "1",
    ];

    /// <summary>A comparison of two variants x one seed on the same data.</summary>
    public string[] CompareArgs(string outDir, int epochs) =>
    [
        "compare", "--data", Data, "--variants", "none,mlp", "--seeds", "1", "--epochs", epochs.ToString(), "--batch-size", "16",
        "--train-limit", "64", "--out", outDir, "--threads", "1",
    ];

    /// <summary>
    /// Trains uninterrupted, then kills and resumes fresh runs ("lives") until <paramref name="kills"/> kills have landed;
    /// every life is checked against the uninterrupted run. Returns the kills and the differences (empty = identical).
    /// </summary>
    public (int Kills, List<string> Differences) Train(int epochs, int kills)
    {
        var reference = Path.Combine(_root, "train-reference");
        var seconds = RunToEnd(TrainArgs(reference, epochs), reference);
        var done = 0;
        var differences = new List<string>();
        for (var life = 0; done < kills; life++)
        {
            var killed = Path.Combine(_root, $"train-killed-{life}");
            done += Live(seconds, () => File.Exists(Path.Combine(killed, "config.json"))
                ? ["train", "--resume", killed, "--threads", "1"]
                : TrainArgs(killed, epochs));
            differences.AddRange(CompareRunDirectories(reference, killed));
        }
        return (done, differences);
    }

    /// <summary>As <see cref="Train"/> for <c>compare</c>: every run directory of every life against the uninterrupted comparison.</summary>
    public (int Kills, List<string> Differences) Compare(int epochs, int kills)
    {
        var reference = Path.Combine(_root, "compare-reference");
        var seconds = RunToEnd(CompareArgs(reference, epochs), reference);
        var done = 0;
        var differences = new List<string>();
        for (var life = 0; done < kills; life++)
        {
            var killed = Path.Combine(_root, $"compare-killed-{life}");
            done += Live(seconds, () => CompareArgs(killed, epochs));
            foreach (var run in Directory.GetDirectories(reference).SelectMany(Directory.GetDirectories))
                differences.AddRange(CompareRunDirectories(run, Path.Combine(killed, Path.GetRelativePath(reference, run))));
        }
        return (done, differences);
    }

    /// <summary>Starts the command, kills it after a random part of the uninterrupted time, restarts, until it finishes; returns the kills.</summary>
    private int Live((double Total, double Startup) reference, Func<string[]> command)
    {
        for (var done = 0; ; done++)
        {
            var args = command();
            var delay = TimeSpan.FromSeconds(_rng.NextDouble() < StartupShare
                ? _rng.NextDouble() * reference.Startup
                : reference.Startup + _rng.NextDouble() * (reference.Total - reference.Startup));
            using var process = Start(args);
            if (process.WaitForExit(delay))
            {
                Check(process, args);
                _log($"  finished {string.Join(' ', args.Take(3))} after {done} kill(s)");
                return done;
            }
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            var phase = delay.TotalSeconds < reference.Startup ? "process start" : "run";
            if (phase == "run")
                KillsAfterStartup++;
            _log($"  kill at {delay.TotalSeconds:F2}s ({phase}) of {string.Join(' ', args.Take(3))}");
        }
    }

    /// <summary>
    /// Runs to the end; returns the wall time and the startup time (until the first config.json appears under
    /// <paramref name="outDir"/>), so that most kills land in training, evaluation and checkpointing, not in process start.
    /// </summary>
    private (double Total, double Startup) RunToEnd(string[] args, string outDir)
    {
        var clock = Stopwatch.StartNew();
        using var process = Start(args);
        double? startup = null;
        while (!process.WaitForExit(20))
            if (startup is null && Directory.Exists(outDir) &&
                Directory.EnumerateFiles(outDir, "config.json", SearchOption.AllDirectories).Any())
                startup = clock.Elapsed.TotalSeconds;
        Check(process, args);
        var total = clock.Elapsed.TotalSeconds;
        return (total, Math.Min(startup ?? total, total));
    }

    /// <summary>The share of kills aimed at process start (before the run directory has its config.json).</summary>
    private const double StartupShare = 0.25;

    private Process Start(string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(_cli);
        foreach (var a in args)
            info.ArgumentList.Add(a);
        info.Environment["NO_COLOR"] = "1";
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) LastError = e.Data; };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private string? LastError { get; set; }

    private void Check(Process process, string[] args)
    {
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"`frozenlm {string.Join(' ', args)}` exited {process.ExitCode}: {LastError}");
    }

    /// <summary>Final metrics (summary.json without timings), metrics.jsonl without timings, and every weights file, byte for byte.</summary>
    public static List<string> CompareRunDirectories(string expected, string actual)
    {
        var differences = new List<string>();
        foreach (var file in new[] { "last.safetensors", "best.safetensors", "train_state.safetensors" })
        {
            var a = Path.Combine(expected, file);
            var b = Path.Combine(actual, file);
            if (!File.Exists(b))
            {
                differences.Add($"{b} is missing");
                continue;
            }
            using var fa = SafetensorsFile.Open(a);
            using var fb = SafetensorsFile.Open(b);
            if (!fa.Names.Order().SequenceEqual(fb.Names.Order()))
                differences.Add($"{b}: other tensor names");
            else
                foreach (var name in fa.Names)
                {
                    using var ta = fa.Read(name);
                    using var tb = fb.Read(name);
                    if (!ta.bytes.SequenceEqual(tb.bytes))
                        differences.Add($"{b}: {name} differs");
                }
        }
        foreach (var file in new[] { "summary.json", "metrics.jsonl" })
        {
            var a = WithoutTimings(file, File.ReadAllText(Path.Combine(expected, file)));
            var b = WithoutTimings(file, File.ReadAllText(Path.Combine(actual, file)));
            if (a != b)
                differences.Add($"{Path.Combine(actual, file)} differs in its metrics");
        }
        return differences;
    }

    /// <summary>The text with its timings masked; summary.json also loses its timing record (a resumed life records only its own part).</summary>
    private static string WithoutTimings(string file, string json)
    {
        if (file == "summary.json" && System.Text.Json.Nodes.JsonNode.Parse(json) is System.Text.Json.Nodes.JsonObject summary)
        {
            summary.Remove("timing");
            json = summary.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
        }
        return System.Text.RegularExpressions.Regex.Replace(json,
            "\"(seconds|[a-z]+_per_s|out_dir)\"\\s*:\\s*(\"[^\"]*\"|[-0-9.eE+]+|null)", "\"$1\": _");
    }
}

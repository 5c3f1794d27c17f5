using System.Diagnostics;
using FrozenLm.FrozenStage;
using FrozenLm.Runtime;
using FrozenLm.Tasks;
using FrozenLm.Tasks.PointCloud;
using FrozenLm.Tensors;
using FrozenLm.Training;

namespace FrozenLm.Bench.Reliability;

/// <summary>
/// <c>gc-stress [epochs] [modes]</c>: trains a tiny image run (12 steps per epoch) per LM-stage mode and a tiny
/// point-cloud run, each once plainly and once under <see cref="GcPressure"/>, and checks that final metrics, weights
/// and optimizer state are bit-identical. Run it with <c>DOTNET_GCgen0size=0x10000</c> for a tiny gen-0 budget as well.
/// Exit 1 on any difference.
/// </summary>
internal static class GcStressBench
{
    public static int Run(string[] args)
    {
        var epochs = args.Length > 0 ? int.Parse(args[0]) : 20;
        var modes = args.Length > 1 ? args[1].Split(',') : ["none", "mlp", "frozen", "finetune", "random"];
        TorchRuntime.EnsureLoaded();
        var root = Path.Combine(Path.GetTempPath(), "frozenlm-gc-stress-" + Guid.NewGuid().ToString("N")[..8]);
        var data = TinyIdxData.Write(Path.Combine(root, "data"), train: 96, test: 32);
        Console.WriteLine($"gen0size={Environment.GetEnvironmentVariable("DOTNET_GCgen0size") ?? "(default)"}, epochs {epochs}");
        var failures = 0;
        foreach (var mode in modes)
        {
            var options = TrainOptions.Resolve("image", "quick", new TrainOverrides
            {
                Data = data, Epochs = epochs, BatchSize = 8, Lr = 3e-3, WarmupEpochs = 1, Workers = 1, Seed = 4,
                LmMode = LmStageMode.Parse(mode), Lm = "minilm", LmLayers = [5],
                Flags = new Dictionary<string, object?> { ["--dim"] = 12, ["--depth"] = 1, ["--heads"] = 2, ["--patch"] = 4, ["--img-size"] = 8, ["--drop-path"] = 0.1 },
            });
            failures += Compare($"image/{mode}", options, Path.Combine(root, "image-" + mode)) ? 0 : 1;
        }
        var pointCloud = TrainOptions.Resolve("pointcloud", "quick", new TrainOverrides
        {
            Flags = new Dictionary<string, object?> { ["--points"] = 64, ["--groups"] = 8, ["--group-size"] = 8, ["--dim"] = 16, ["--depth"] = 1, ["--heads"] = 2 },
            Epochs = Math.Max(1, epochs / 4), BatchSize = 8, WarmupEpochs = 0, LmMode = LmStageMode.Frozen, Lm = "minilm", LmLayers = [5], Seed = 5,
        }).WithTask<PointCloudTaskOptions>(pc => pc with { ShapesTrainPerClass = 8, ShapesTestPerClass = 2, PointNetHidden = 8, EncoderDims = 16 });
        failures += Compare("pointcloud/frozen", pointCloud, Path.Combine(root, "pointcloud")) ? 0 : 1;
        Directory.Delete(root, recursive: true);
        Console.WriteLine(failures == 0 ? "gc-stress: every run bit-identical" : $"gc-stress: {failures} run(s) differ");
        return failures == 0 ? 0 : 1;
    }

    private static bool Compare(string name, TrainOptions options, string dir)
    {
        var clock = Stopwatch.StartNew();
        var plain = TrainingRunner.Run(options, Path.Combine(dir, "plain"));
        var plainSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        RunSummary stressed;
        long collections;
        var gen0 = GC.CollectionCount(0);
        using (var pressure = new GcPressure())
        {
            stressed = TrainingRunner.Run(options, Path.Combine(dir, "stressed"));
            collections = pressure.Collections;
        }
        gen0 = GC.CollectionCount(0) - gen0;
        var same = plain.FinalMetrics.OrderBy(kv => kv.Key).SequenceEqual(stressed.FinalMetrics.OrderBy(kv => kv.Key))
                   && SameTensors(Path.Combine(dir, "plain", RunFiles.TrainState), Path.Combine(dir, "stressed", RunFiles.TrainState));
        var steps = TrainState(Path.Combine(dir, "stressed", RunFiles.TrainState));
        Console.WriteLine($"{name,-20} steps {steps,5}  plain {plainSeconds,6:F1}s  stressed {clock.Elapsed.TotalSeconds,6:F1}s  " +
                          $"forced collections {collections,7}  gen0 collections {gen0,7}  {(same ? "identical" : "DIFFERENT")}");
        return same;
    }

    private static string TrainState(string path)
    {
        using var file = SafetensorsFile.Open(path);
        return file.Metadata["step"];
    }

    private static bool SameTensors(string a, string b)
    {
        using var fa = SafetensorsFile.Open(a);
        using var fb = SafetensorsFile.Open(b);
        if (!fa.Names.Order().SequenceEqual(fb.Names.Order()))
            return false;
        foreach (var name in fa.Names)
        {
            using var ta = fa.Read(name);
            using var tb = fb.Read(name);
            if (!ta.bytes.SequenceEqual(tb.bytes))
                return false;
        }
        return true;
    }
}

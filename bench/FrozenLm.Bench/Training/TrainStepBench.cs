using System.Diagnostics;
using FrozenLm.Data;
using FrozenLm.FrozenStage;
using FrozenLm.Tasks;
using FrozenLm.Training;
using TorchSharp;

namespace FrozenLm.Bench.Training;

/// <summary>
/// <c>train-step [preset] [steps]</c>: data-loader batches/s alone, then training steps/s and images/s of the image task
/// per LM mode (none, mlp, frozen, finetune, random) with the preset's model and batch size.
/// </summary>
internal static class TrainStepBench
{
    public static int Run(string[] args)
    {
        var preset = args.Length > 0 ? args[0] : "quick";
        var steps = args.Length > 1 ? int.Parse(args[1]) : 10;
        var modes = args.Length > 2 ? args[2].Split(',') : ["none", "mlp", "frozen", "finetune", "random"];
        var options = TrainOptions.Resolve("image", preset);
        var splits = ImageDataSources.Open(options.Data);
        using (var loader = new ImageBatchLoader(splits.Train, options.Augment, options.BatchSize, true, 0, options.Workers, true))
        {
            var sw = Stopwatch.StartNew();
            var n = 0;
            foreach (var b in loader.Epoch(0).Take(steps * 3))
            {
                b.Dispose();
                n++;
            }
            Console.WriteLine($"loader: {n / sw.Elapsed.TotalSeconds:F1} batches/s ({n * options.BatchSize / sw.Elapsed.TotalSeconds:F0} images/s), workers {loader.Workers}");
        }
        foreach (var mode in modes)
        {
            var o = new TrainOverrides { LmMode = LmStageMode.Parse(mode) }.ApplyTo(options);
            var sw0 = Stopwatch.StartNew();
            using var task = new ImageClassificationTask(o, torch.CPU);
            var build = sw0.Elapsed.TotalSeconds;
            var groups = ParameterGroups.Of(task.Model);
            using var opt = new AdamW([(groups.Decay, 0.05), (groups.NoDecay, 0.0)]);
            task.Model.train();
            var batches = task.TrainBatches(0).Take(steps + 2).ToList();
            var sw = Stopwatch.StartNew();
            var images = 0;
            for (var i = 0; i < batches.Count; i++)
            {
                if (i == 2)
                {
                    sw.Restart();
                    images = 0;
                }
                using var scope = torch.NewDisposeScope();
                opt.ZeroGrad();
                var loss = task.TrainLoss(batches[i]);
                loss.backward();
                opt.Update(1e-4);
                images += batches[i].Size;
            }
            var secs = sw.Elapsed.TotalSeconds;
            foreach (var b in batches)
                b.Dispose();
            Console.WriteLine($"{mode,-9} build {build:F1} s, {steps / secs:F2} steps/s, {images / secs:F0} images/s, " +
                              $"{groups.TrainableCount:N0} trainable / {groups.FrozenCount:N0} frozen params");
        }
        return 0;
    }
}

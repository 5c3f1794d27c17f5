using System.Diagnostics;
using FrozenLm.Data;

namespace FrozenLm.Bench;

/// <summary>
/// Images/s of <see cref="ImageBatchLoader"/> alone (decode, full DeiT augmentation recipe, normalise, tensors) at
/// 28, 32 and 224 px. Args: [workers (0 = auto)] [runs (default 5)], or "stages" for a per-stage breakdown.
/// </summary>
internal static class DataLoaderBench
{
    private static readonly ImageAugmentOptions Recipe = new()
    {
        RandomResizedCropMinScale = 0.08,
        HorizontalFlip = true,
        RandAugmentOps = 2,
        RandAugmentMagnitude = 9,
        MixupAlpha = 0.8,
        CutmixAlpha = 1.0,
        RandomErasing = 0.25,
    };

    public static int Run(string[] args)
    {
        if (args.Length > 0 && args[0] == "stages")
        {
            DataLoaderStagesBench.Run(1, 28);
            DataLoaderStagesBench.Run(3, 224);
            return 0;
        }
        var workers = args.Length > 0 ? int.Parse(args[0]) : 0;
        var runs = args.Length > 1 ? int.Parse(args[1]) : 5;
        var fashion = ImageDataSources.Open("fashion-mnist-mini").Train;
        var rgb = SyntheticRgb(4096, 32);
        Console.WriteLine($"data-loader: full recipe (RRC 0.08, flip, RandAugment 2 ops m9, mixup 0.8, cutmix 1.0, erasing 0.25), batch 128, median of {runs} runs, {Environment.ProcessorCount} cores");
        foreach (var (dataset, size, images) in new[] { (fashion, 28, 8192), (rgb, 32, 8192), (fashion, 224, 1024), (rgb, 224, 1024) })
        {
            var options = Recipe with { ImageSize = size, Mean = [.. Enumerable.Repeat(0.5f, dataset.Channels)], Std = [.. Enumerable.Repeat(0.25f, dataset.Channels)] };
            using var loader = new ImageBatchLoader(dataset, options, 128, train: true, seed: 0, workers: workers);
            var batches = Math.Min(images / 128, loader.BatchesPerEpoch);
            var rates = new List<double>();
            var cpuRates = new List<double>();
            var process = Process.GetCurrentProcess();
            for (var r = 0; r <= runs; r++)
            {
                process.Refresh();
                var cpu0 = process.TotalProcessorTime;
                var sw = Stopwatch.StartNew();
                var count = 0;
                foreach (var batch in loader.Epoch(r).Take(batches))
                {
                    count += batch.Size;
                    batch.Dispose();
                }
                var wall = sw.Elapsed.TotalSeconds;
                process.Refresh();
                var cpu = (process.TotalProcessorTime - cpu0).TotalSeconds;
                if (r > 0)
                {
                    rates.Add(count / wall);
                    cpuRates.Add(count / cpu);
                }
            }
            rates.Sort();
            cpuRates.Sort();
            Console.WriteLine($"  {dataset.Name,-26} {dataset.Channels}ch -> {size,3} px: {rates[rates.Count / 2],9:F0} img/s wall, {cpuRates[cpuRates.Count / 2],9:F0} img per CPU-s (workers {loader.Workers}, {batches * 128} images/run)");
        }
        return 0;
    }

    private static InMemoryImageDataset SyntheticRgb(int count, int size)
    {
        var rng = new Random(1);
        var pixels = new byte[count * 3 * size * size];
        rng.NextBytes(pixels);
        var labels = Enumerable.Range(0, count).Select(i => i % 10).ToArray();
        return new InMemoryImageDataset($"synthetic-rgb{size}", 3, size, size, pixels, labels,
            Enumerable.Range(0, 10).Select(i => $"class_{i}").ToArray());
    }
}

using FrozenLm.Tasks.Image;
using System.Text.Json;
using FrozenLm.Data;
using FrozenLm.IO;
using FrozenLm.Runtime;
using FrozenLm.Tasks;
using FrozenLm.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Analysis;

/// <summary>
/// Explains one trained image run: captures token features and attention at the paper's points on images with object
/// masks, scores the magnitude, frequency and CLS-attention maps against the masks (oracle-threshold mIoU, AUROC),
/// measures gradient coherence of the visual encoder, and writes filtering.json, coherence.json, overlays.png and the
/// bar charts into an output folder.
/// </summary>
public static class FilteringExplainer
{
    public const string ReportFile = "filtering.json";
    public const string CoherenceFile = "coherence.json";
    public const string OverlayFile = "overlays.png";
    public const string BarsFile = "bars.png";
    public const string AurocBarsFile = "bars_auroc.png";

    private const int PrefixTokens = 1;

    public static FilteringReport Run(string runDir, string outDir, ExplainOptions options, Device device, TextWriter? log = null)
    {
        options.Validate();
        TorchRuntime.EnsureLoaded();
        using var run = TrainedRun.Open(runDir, device);
        if (run.Task is not ImageClassificationTask task)
            throw new UserInputException(runDir, $"explain works on image runs; this is a '{run.Task.Name}' run");
        var vit = task.Vit;
        var imageSize = vit.Config.ImageSize;
        var grid = imageSize / vit.Config.PatchSize;
        var cover = (double)grid * vit.Config.PatchSize / imageSize;
        var data = OpenMasked(options, task, log);
        if (data.Channels != vit.Config.Channels)
            throw new UserInputException("--data", $"{data.Name} has {data.Channels} channel(s); the run's model takes {vit.Config.Channels}");

        var picked = Pick(data.Count, options.Images, Seeding.Derive(options.Seed, "explain/images"));
        var points = new Dictionary<string, (MapScoreAccumulator Magnitude, MapScoreAccumulator Frequency)>();
        var attention = new Dictionary<string, MapScoreAccumulator>();
        var chance = new MapScoreAccumulator();
        var chanceRng = new Random(Seeding.Derive(options.Seed, "explain/chance"));
        var rows = new List<OverlayRow>();
        var columns = new List<string>();
        int scored = 0, skipped = 0;
        double objectFraction = 0;
        var mask = new float[data.Height * data.Width];
        using (var loader = new ImageBatchLoader(new Indexed(data, picked), task.Image.Augment, options.BatchSize,
                   train: false, options.Seed, workers: 2))
        {
            foreach (var batch in loader.Epoch(0))
            {
                using var _ = batch;
                var maps = CaptureMaps(vit, batch.Images, device, grid);
                if (columns.Count == 0)
                    columns.AddRange(maps.Keys.Select(ColumnTitle));
                for (var b = 0; b < batch.Size; b++)
                {
                    var index = picked[batch.Indices[b]];
                    data.ReadMask(index, mask);
                    var truth = MaskScores.TokenMask(mask, data.Height, data.Width, grid, grid, cover, cover);
                    var objectTokens = truth.Count(t => t);
                    if (rows.Count < options.OverlayRows)
                        rows.Add(OverlayOf(data, index, mask, maps, b, grid));
                    if (objectTokens == 0 || objectTokens == truth.Length)
                    {
                        skipped++;
                        continue;
                    }
                    scored++;
                    objectFraction += (double)objectTokens / truth.Length;
                    chance.Add(RandomMap(chanceRng, truth.Length), truth);
                    foreach (var (key, values) in maps)
                    {
                        var map = values.AsSpan(b * grid * grid, grid * grid);
                        var (point, kind) = CapturedMaps.Split(key);
                        if (kind == "attn")
                        {
                            if (!attention.TryGetValue(point, out var acc))
                                attention[point] = acc = new MapScoreAccumulator();
                            acc.Add(map, truth);
                            continue;
                        }
                        if (!points.TryGetValue(point, out var pair))
                            points[point] = pair = (new MapScoreAccumulator(), new MapScoreAccumulator());
                        (kind == "magnitude" ? pair.Magnitude : pair.Frequency).Add(map, truth);
                    }
                }
            }
        }

        GradientCoherenceResult? coherence = null;
        if (options.CoherenceSamples > 0)
            coherence = MeasureCoherence(task, device, options);

        var report = new FilteringReport
        {
            Run = Path.GetFullPath(runDir),
            Data = data.Name,
            Images = scored,
            SkippedImages = skipped,
            Grid = [grid, grid],
            Points = CapturePoints.Features.Where(points.ContainsKey).ToDictionary(p => p, p => new FilteringPointScores(
                points[p].Magnitude.MeanIoU, points[p].Frequency.MeanIoU, points[p].Magnitude.MeanAuroc, points[p].Frequency.MeanAuroc)),
            AttentionMiou = attention.ToDictionary(a => a.Key, a => a.Value.MeanIoU),
            AttentionAuroc = attention.ToDictionary(a => a.Key, a => a.Value.MeanAuroc),
            ObjectTokenFraction = scored == 0 ? null : objectFraction / scored,
            ChanceMiou = chance.MeanIoU,
            GradientCoherence = coherence,
        };
        Directory.CreateDirectory(outDir);
        report.Save(Path.Combine(outDir, ReportFile));
        if (coherence is not null)
        {
            AtomicFile.WriteAllText(Path.Combine(outDir, CoherenceFile),
                JsonSerializer.Serialize(coherence, new JsonSerializerOptions { WriteIndented = true }) + "\n");
        }
        if (rows.Count > 0)
            OverlayGrid.Save(Path.Combine(outDir, OverlayFile), columns, rows);
        var title = $"lm {task.Options.Lm.Mode.ToString().ToLowerInvariant()}, seed {task.Options.Seed}";
        if (report.Points.Count > 0)
            FilteringFigures.SaveBars(report, Path.Combine(outDir, BarsFile), Path.Combine(outDir, AurocBarsFile), title);
        return report;
    }

    /// <summary>The per-sample gradient coherence of the encoder parameters (everything trainable except the LM stage and the head).</summary>
    public static GradientCoherenceResult MeasureCoherence(ImageClassificationTask task, Device device, ExplainOptions options)
    {
        var vit = task.Vit;
        var parameters = EncoderCoherence.Parameters(vit, "lm_stage.", "head.");
        var train = task.TrainSet;
        var picked = Pick(train.Count, options.CoherenceSamples, Seeding.Derive(options.Seed, "explain/coherence"));
        using var loader = new ImageBatchLoader(new Indexed(train, picked), task.Image.Augment, picked.Length,
            train: false, options.Seed, workers: 2);
        using var batch = loader.Epoch(0).First();
        return EncoderCoherence.Measure(vit, parameters, vit.forward, batch.Images, batch.Labels, device);
    }

    private static IMaskedImageDataset OpenMasked(ExplainOptions options, ImageClassificationTask task, TextWriter? log)
    {
        if (options.Masks is not null)
            return new MaskedImageFolder(options.Data!, options.Masks, task.TrainSet.Channels, task.Image.ImgSize,
                task.Image.ImgSize, task.ClassNames);
        var source = options.Data ?? task.Options.Data;
        var format = options.Data is null ? task.Options.DataFormat : null;
        var splits = ImageDataSources.Open(source, format, task.Options.Seed);
        if (splits.Test is IMaskedImageDataset masked)
            return masked;
        if (options.Data is not null)
        {
            throw new UserInputException("--data",
                $"'{source}' has no object masks; use cluttered, cluttered:SRC, or an image folder with --masks MASKDIR");
        }
        log?.WriteLine($"note: the run's data '{source}' has no object masks; explaining on cluttered:{source} (same classes)");
        return (IMaskedImageDataset)ImageDataSources.Open(ClutteredImageData.Name + ":" + source, format, task.Options.Seed).Test;
    }

    /// <summary>Runs the model on a normalised batch and returns every map, keyed "point/magnitude", "point/frequency", "name/attn".</summary>
    private static Dictionary<string, float[]> CaptureMaps(Encoders.VisionTransformer vit, Tensor images, Device device, int grid)
    {
        var captured = CapturedMaps.Capture(c => vit.Capture = c, () => vit.forward(images.to(device)));
        try
        {
            return CapturedMaps.Maps(captured, grid, grid, PrefixTokens);
        }
        finally
        {
            foreach (var t in captured.Values)
                t.Dispose();
        }
    }

    private static OverlayRow OverlayOf(IMaskedImageDataset data, int index, float[] mask, Dictionary<string, float[]> maps, int b, int grid)
    {
        var image = new float[data.Channels * data.Height * data.Width];
        data.ReadImage(index, image);
        var label = data.GetLabel(index);
        var name = label >= 0 && label < data.ClassNames.Count ? data.ClassNames[label] : "?";
        var cells = maps.Values.Select(v => (float[]?)v.AsSpan(b * grid * grid, grid * grid).ToArray()).ToList();
        return new OverlayRow(image, data.Channels, data.Height, data.Width, name, cells, grid, grid, (float[])mask.Clone());
    }

    /// <summary>A uniform random map, min-max normalised like the real ones: the chance level of the oracle protocol.</summary>
    private static float[] RandomMap(Random rng, int length)
    {
        var map = new float[length];
        for (var i = 0; i < length; i++)
            map[i] = rng.NextSingle();
        float min = map.Min(), max = map.Max();
        for (var i = 0; i < length; i++)
            map[i] = max > min ? (map[i] - min) / (max - min) : 0f;
        return map;
    }

    internal static string ColumnTitle(string key)
    {
        var (point, kind) = CapturedMaps.Split(key);
        return kind switch
        {
            "magnitude" => point + " mag",
            "frequency" => point + " freq",
            _ => point + " attn",
        };
    }

    /// <summary>A seeded random subset of [0, count) of size min(wanted, count), sorted.</summary>
    internal static int[] Pick(int count, int wanted, int seed)
    {
        var order = Enumerable.Range(0, count).ToArray();
        new Random(seed).Shuffle(order);
        var picked = order[..Math.Min(wanted, count)];
        Array.Sort(picked);
        return picked;
    }

    /// <summary>The images of a data set at the given indices, in that order.</summary>
    private sealed class Indexed(IImageDataset inner, int[] indices) : IImageDataset
    {
        public string Name => inner.Name;
        public int Count => indices.Length;
        public int Channels => inner.Channels;
        public int Height => inner.Height;
        public int Width => inner.Width;
        public IReadOnlyList<string> ClassNames => inner.ClassNames;
        public int GetLabel(int index) => Math.Max(0, inner.GetLabel(indices[index]));
        public void ReadImage(int index, Span<float> destination) => inner.ReadImage(indices[index], destination);
    }
}

using System.Globalization;
using FrozenLm.Analysis;
using System.Text.Json;
using FrozenLm.Data;
using FrozenLm.FrozenStage;
using FrozenLm.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tasks.Image;

/// <summary>
/// Explains one trained image run: captures token features and attention at the paper's points on images with object
/// masks, scores the magnitude, frequency and CLS-attention maps against the masks (oracle-threshold mIoU, AUROC),
/// measures gradient coherence of the visual encoder, and writes filtering.json, coherence.json, overlays.png and the
/// bar charts into an output folder.
/// </summary>
public sealed class ImageExplainer : ITaskExplainer
{
    private const int PrefixTokens = 1;

    /// <summary>Image runs take every explain option.</summary>
    public void CheckOptions(ExplainOptions options, string runDir)
    {
    }

    public string CompareNote(string data, int samplesPerRun, double? chanceMiou) =>
        $"On {data}, {samplesPerRun} images per run. Maps are min-max normalised per image; a token is object when at least " +
        "half its pixels are. mIoU uses the per-image oracle threshold from {0.1, …, 0.9} (the paper's protocol); AUROC " +
        "needs no threshold (50% = chance). Cells read magnitude / frequency, in %, mean over seeds." +
        (chanceMiou is { } c
            ? $" A random map reaches {(100 * c).ToString("0.0", CultureInfo.InvariantCulture)}% mIoU under the same oracle (chance level)."
            : "");

    public TaskExplanation Explain(ITrainingTask trainingTask, string runDir, string outDir, ExplainOptions options, Device device,
        TextWriter? log = null)
    {
        var task = (ImageClassificationTask)trainingTask;
        var vit = task.Vit;
        var imageSize = vit.Config.ImageSize;
        var grid = imageSize / vit.Config.PatchSize;
        var cover = (double)grid * vit.Config.PatchSize / imageSize;
        var data = OpenMasked(options, task, log);
        if (data.Channels != vit.Config.Channels)
            throw new UserInputException("--data", $"{data.Name} has {data.Channels} channel(s); the run's model takes {vit.Config.Channels}");

        var picked = SamplePick.Pick(data.Count, options.Images, Seeding.Derive(options.Seed, "explain/images"));
        var scores = new TokenMapScores(options.Seed);
        var rows = new List<OverlayRow>();
        var columns = new List<string>();
        var mask = new float[data.Height * data.Width];
        using (var loader = new ImageBatchLoader(new Indexed(data, picked), task.Image.Augment, options.BatchSize,
                   train: false, options.Seed, workers: 2))
        {
            foreach (var batch in loader.Epoch(0))
            {
                using var _ = batch;
                var maps = CaptureMaps(task, batch.Images, device, grid);
                if (columns.Count == 0)
                    columns.AddRange(maps.Keys.Select(CapturedMaps.ColumnTitle));
                for (var b = 0; b < batch.Size; b++)
                {
                    var index = picked[batch.Indices[b]];
                    data.ReadMask(index, mask);
                    var truth = MaskScores.TokenMask(mask, data.Height, data.Width, grid, grid, cover, cover);
                    if (rows.Count < options.OverlayRows)
                        rows.Add(OverlayOf(data, index, mask, maps, b, grid));
                    scores.Add(maps, b, grid * grid, truth);
                }
            }
        }

        GradientCoherenceResult? coherence = null;
        if (options.CoherenceSamples > 0)
            coherence = MeasureCoherence(task, device, options);

        var report = scores.Fill(new FilteringReport
        {
            Task = task.Name,
            Run = Path.GetFullPath(runDir),
            Data = data.Name,
            Grid = [grid, grid],
            GradientCoherence = coherence,
        });
        var files = ExplainFiles.Save(report, outDir);
        if (rows.Count > 0)
        {
            OverlayGrid.Save(Path.Combine(outDir, ExplainFiles.Overlays), columns, rows);
            files.Add(ExplainFiles.Overlays);
        }
        var title = $"lm {task.Options.Lm.Mode.ToString().ToLowerInvariant()}, seed {task.Options.Seed}";
        if (report.Points.Count > 0)
        {
            FilteringFigures.SaveBars(report, Path.Combine(outDir, ExplainFiles.Bars), Path.Combine(outDir, ExplainFiles.AurocBars), title);
            files.AddRange([ExplainFiles.Bars, ExplainFiles.AurocBars]);
        }
        return new TaskExplanation(report, Lines(report), files);
    }

    private static List<string> Lines(FilteringReport r)
    {
        var lines = new List<string>
        {
            $"data         {r.Data}: {r.Images} images scored, {r.SkippedImages} skipped (mask empty or full on the {r.Grid[0]}x{r.Grid[1]} grid)",
            $"{"point",-12} {"mag mIoU",9} {"freq mIoU",9} {"mag AUROC",9} {"freq AUROC",10}",
        };
        foreach (var (name, s) in r.Points)
            lines.Add($"{name,-12} {Pct(s.MagnitudeMiou),9} {Pct(s.FrequencyMiou),9} {Pct(s.MagnitudeAuroc),9} {Pct(s.FrequencyAuroc),10}");
        foreach (var (name, miou) in r.AttentionMiou)
            lines.Add($"{name + " attn",-12} {Pct(miou),9} {"",9} {Pct(r.AttentionAuroc.GetValueOrDefault(name)),9}");
        if (r.ObjectTokenFraction is { } f)
            lines.Add($"object tokens {Pct(f)} of the grid on average; a random map scores mIoU {Pct(r.ChanceMiou)} (chance level)");
        if (r.GradientCoherence is { } c)
            lines.Add(FilteringText.CoherenceLine(c));
        return lines;
    }

    private static string Pct(double? v) => FilteringText.Pct(v);

    /// <summary>The per-sample gradient coherence of the encoder parameters (everything trainable except the LM stage and the head).</summary>
    public static GradientCoherenceResult MeasureCoherence(ImageClassificationTask task, Device device, ExplainOptions options)
    {
        var vit = task.Vit;
        var parameters = EncoderCoherence.Parameters(vit, "lm_stage.", "head.");
        var train = task.TrainSet;
        var picked = SamplePick.Pick(train.Count, options.CoherenceSamples, Seeding.Derive(options.Seed, "explain/coherence"));
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
    private static Dictionary<string, float[]> CaptureMaps(ImageClassificationTask task, Tensor images, Device device, int grid)
    {
        var captured = CapturedMaps.Capture(c => task.Vit.Capture = c, () => task.Vit.forward(images.to(device)));
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

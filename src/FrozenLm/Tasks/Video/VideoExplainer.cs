using System.Globalization;
using FrozenLm.Analysis;
using FrozenLm.Data.Video;
using FrozenLm.FrozenStage;
using FrozenLm.Runtime;
using static TorchSharp.torch;

namespace FrozenLm.Tasks.Video;

/// <summary>
/// Explains one trained video run on <c>moving-shapes</c> test clips: captures the tokens at the paper's points, turns
/// them into per-tubelet-token magnitude and frequency maps (time x rows x columns, min-max normalised per clip), scores
/// them against the moving object's masks (a token is object when at least half its pixels are object in any frame of
/// its tubelet; mIoU with the oracle threshold, AUROC), measures gradient coherence of the encoder, and writes
/// filtering.json, coherence.json, overlays.png (a frame strip per clip: one row per tubelet, the first frame of the
/// tubelet with the object outlined, then each map of that time step over it) and the bar charts.
/// </summary>
public sealed class VideoExplainer : ITaskExplainer
{
    /// <summary>Clips shown in the frame strip (each takes one row per tubelet time step).</summary>
    private const int StripClips = 2;

    public void CheckOptions(ExplainOptions options, string runDir)
    {
        if (options.Masks is not null)
            throw new UserInputException("--masks", "the video task scores against the masks of moving-shapes; it takes no mask folder");
        if (options.Data is not null && !string.Equals(options.Data, MovingShapesDataset.DataName, StringComparison.OrdinalIgnoreCase))
            throw new UserInputException("--data", $"the video task explains on {MovingShapesDataset.DataName} (the generator knows the object masks)");
    }

    public string CompareNote(string data, int samplesPerRun, double? chanceMiou) =>
        $"On {data}, {samplesPerRun} test clips per run; a token is a tubelet. Maps are min-max normalised per clip over all " +
        "its tubelets; a token is object when at least half its pixels are object in a frame of its tubelet. mIoU uses the " +
        "per-clip oracle threshold from {0.1, …, 0.9}; AUROC needs no threshold (50% = chance). Cells read magnitude / " +
        "frequency, in %, mean over seeds." +
        (chanceMiou is { } c
            ? $" A random map reaches {(100 * c).ToString("0.0", CultureInfo.InvariantCulture)}% mIoU under the same oracle (chance level)."
            : "");

    public TaskExplanation Explain(ITrainingTask trainingTask, string runDir, string outDir, ExplainOptions options, Device device,
        TextWriter? log = null)
    {
        var task = (VideoClassificationTask)trainingTask;
        var config = task.Vit.Config;
        if (!string.Equals(task.Options.Data, MovingShapesDataset.DataName, StringComparison.OrdinalIgnoreCase))
        {
            throw new UserInputException("--run",
                $"the run was trained on '{task.Options.Data}'; explain scores maps against object masks, which only {MovingShapesDataset.DataName} has");
        }
        var data = new MovingShapesDataset(task.Video.Shapes, train: false);
        var (gridT, grid, tubelet) = (config.TimeGrid, config.Grid, config.TubeletSize);
        var size = data.Size;
        var oneView = task.Video.Clip with { TestClips = 1, TestCrops = 1 };
        using var loader = new VideoClipLoader(data, oneView, options.BatchSize, train: false, task.Options.Seed, workers: 1);
        var picked = SamplePick.Pick(data.Count, options.Images, Seeding.Derive(options.Seed, "explain/images"));
        var scores = new TokenMapScores(options.Seed);
        var rows = new List<OverlayRow>();
        var columns = new List<string>();
        var tokens = gridT * grid * grid;
        for (var start = 0; start < picked.Length; start += options.BatchSize)
        {
            var indices = picked[start..Math.Min(picked.Length, start + options.BatchSize)];
            using var batch = loader.MakeBatch(indices);
            var maps = CaptureMaps(task, batch.Clips, device, gridT * grid, grid);
            if (columns.Count == 0)
                columns.AddRange(maps.Keys.Select(CapturedMaps.ColumnTitle));
            for (var b = 0; b < indices.Length; b++)
            {
                var frames = batch.Frames[b];
                var masks = data.ReadMasks(indices[b], frames);                     // [T, size, size]
                var tubeletMasks = TubeletMasks(masks, frames.Length, tubelet, size);  // [T/t * size, size]
                var truth = MaskScores.TokenMask(tubeletMasks, gridT * size, size, gridT * grid, grid);
                if (rows.Count < StripClips * gridT)
                    rows.AddRange(StripOf(data, indices[b], frames, tubeletMasks, maps, b, gridT, grid, tubelet));
                scores.Add(maps, b, tokens, truth);
            }
        }

        GradientCoherenceResult? coherence = null;
        if (options.CoherenceSamples > 0)
            coherence = MeasureCoherence(task, oneView, device, options);

        var report = scores.Fill(new FilteringReport
        {
            Task = task.Name,
            Run = Path.GetFullPath(runDir),
            Data = data.Name,
            Grid = [gridT, grid, grid],
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

    /// <summary>
    /// The object masks of the frames fed ([T, size, size], input order) merged per tubelet (the maximum over its
    /// frames) and stacked along rows: [T/t * size, size], the layout of the time-major token grid.
    /// </summary>
    public static float[] TubeletMasks(float[] masks, int frames, int tubelet, int size)
    {
        var plane = size * size;
        var merged = new float[frames / tubelet * plane];
        for (var f = 0; f < frames / tubelet * tubelet; f++)
        {
            var dst = merged.AsSpan(f / tubelet * plane, plane);
            var src = masks.AsSpan(f * plane, plane);
            for (var i = 0; i < plane; i++)
                dst[i] = Math.Max(dst[i], src[i]);
        }
        return merged;
    }

    private static List<string> Lines(FilteringReport r)
    {
        var lines = new List<string>
        {
            $"data         {r.Data}: {r.Images} clips scored, {r.SkippedImages} skipped (mask empty or full on the {string.Join("x", r.Grid)} tubelet grid)",
            $"{"point",-12} {"mag mIoU",9} {"freq mIoU",9} {"mag AUROC",9} {"freq AUROC",10}",
        };
        foreach (var (name, s) in r.Points)
            lines.Add($"{name,-12} {Pct(s.MagnitudeMiou),9} {Pct(s.FrequencyMiou),9} {Pct(s.MagnitudeAuroc),9} {Pct(s.FrequencyAuroc),10}");
        if (r.ObjectTokenFraction is { } f)
            lines.Add($"object tokens {Pct(f)} of the grid on average; a random map scores mIoU {Pct(r.ChanceMiou)} (chance level)");
        if (r.GradientCoherence is { } c)
            lines.Add(FilteringText.CoherenceLine(c));
        return lines;
    }

    private static string Pct(double? v) => FilteringText.Pct(v);

    /// <summary>Per-sample gradient coherence of the encoder and blocks (everything trainable except the LM stage and the head).</summary>
    private static GradientCoherenceResult MeasureCoherence(VideoClassificationTask task, VideoClipOptions oneView, Device device,
        ExplainOptions options)
    {
        var vit = task.Vit;
        var parameters = EncoderCoherence.Parameters(vit, "lm_stage.", "head.", "fc_norm.");
        var train = task.TrainSet;
        var picked = SamplePick.Pick(train.Count, options.CoherenceSamples, Seeding.Derive(options.Seed, "explain/coherence"));
        using var loader = new VideoClipLoader(train, oneView, picked.Length, train: false, task.Options.Seed, workers: 1);
        using var batch = loader.MakeBatch(picked);
        return EncoderCoherence.Measure(vit, parameters, vit.forward, batch.Clips, batch.Labels, device);
    }

    /// <summary>Runs the model on clips and returns the magnitude and frequency maps, [B * gridH * gridW] each, keyed "point/kind".</summary>
    private static Dictionary<string, float[]> CaptureMaps(VideoClassificationTask task, Tensor clips, Device device, int gridH, int gridW)
    {
        var captured = CapturedMaps.Capture(c => task.Vit.Capture = c, () => task.Vit.forward(clips.to(device)));
        try
        {
            return CapturedMaps.Maps(captured, gridH, gridW, prefixTokens: 0)
                .Where(m => CapturedMaps.Split(m.Key).Kind != "attn")
                .ToDictionary(m => m.Key, m => m.Value);
        }
        finally
        {
            foreach (var t in captured.Values)
                t.Dispose();
        }
    }

    /// <summary>One overlay row per tubelet of clip <paramref name="index"/>: its first frame, its mask, each map's time slice.</summary>
    private static IEnumerable<OverlayRow> StripOf(MovingShapesDataset data, int index, int[] frames, float[] tubeletMasks,
        Dictionary<string, float[]> maps, int b, int gridT, int grid, int tubelet)
    {
        var size = data.Size;
        var plane = size * size;
        var shown = Enumerable.Range(0, gridT).Select(j => frames[j * tubelet]).ToArray();
        var pixels = data.Read(index, _ => shown);
        var name = data.ClassNames[data.GetLabel(index)];
        var cells = grid * grid;
        var perClip = gridT * cells;
        for (var j = 0; j < gridT; j++)
        {
            var slice = maps.Values.Select(v => (float[]?)v.AsSpan(b * perClip + j * cells, cells).ToArray()).ToList();
            yield return new OverlayRow(pixels.Frame(j).ToArray(), VideoFrames.Channels, size, size, $"{name} f{shown[j]}", slice,
                grid, grid, tubeletMasks.AsSpan(j * plane, plane).ToArray());
        }
    }
}

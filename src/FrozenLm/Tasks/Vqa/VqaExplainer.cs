using System.Globalization;
using FrozenLm.Analysis;
using FrozenLm.Data;
using FrozenLm.Data.VisionLanguage;
using FrozenLm.FrozenStage;
using FrozenLm.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tasks.Vqa;

/// <summary>
/// Explains a VQA run: the activation maps over the image tokens of the merged sequence (magnitude and frequency at the
/// capture points, and the image [CLS]'s attention over the image tokens), per question, overlaid on the image. With
/// <c>--image FILE --question "..."</c> it draws that pair; otherwise it scores evaluation questions of generated scenes
/// against the pixels of the objects each question names (oracle-threshold mIoU and AUROC, as the image explainer;
/// questions naming no visible object are skipped) and overlays the first ones. VQAv2 runs get overlays, unscored.
/// Gradient coherence is not measured for VQA.
/// </summary>
public sealed class VqaExplainer : ITaskExplainer
{
    public const string ImageFlag = "--image";
    private const int PrefixTokens = 1;

    public IReadOnlyList<TaskCommandFlag> Flags { get; } =
    [
        new(VqaPredictor.QuestionFlag, "With --image: the question whose activation maps are drawn"),
        new(ImageFlag, "An image file to explain with --question (default: evaluation questions of the run's data)"),
    ];

    public void CheckOptions(ExplainOptions options, string runDir)
    {
        if (options.Masks is not null)
            throw new UserInputException("--masks", "a VQA run is scored against the objects each generated question names; it takes no mask folder");
        if (options.Data is not null)
            throw new UserInputException("--data", "a VQA run is explained on its own evaluation questions or on --image with --question");
        var image = options.Values.Single(ImageFlag);
        var question = options.Values.Single(VqaPredictor.QuestionFlag);
        if ((image is null) != (question is null))
            throw new UserInputException(image is null ? VqaPredictor.QuestionFlag : ImageFlag, "give --image and --question together");
        if (image is not null && !File.Exists(image))
            throw new UserInputException(image, "file not found");
    }

    public string CompareNote(string data, int samplesPerRun, double? chanceMiou) =>
        $"On {data}, {samplesPerRun} questions per run, maps over the image tokens of the merged sequence, scored against " +
        "the objects each question names (min-max normalised per question; oracle threshold from {0.1, …, 0.9}; AUROC 50% = chance)." +
        (chanceMiou is { } c ? $" A random map reaches {(100 * c).ToString("0.0", CultureInfo.InvariantCulture)}% mIoU (chance level)." : "");

    public TaskExplanation Explain(ITrainingTask trainingTask, string runDir, string outDir, ExplainOptions options, Device device,
        TextWriter? log = null)
    {
        var task = (VqaTask)trainingTask;
        var size = task.Config.Vit.ImageSize;
        var grid = size / task.Config.Vit.PatchSize;
        var cover = (double)grid * task.Config.Vit.PatchSize / size;
        var scores = new TokenMapScores(options.Seed);
        var rows = new List<OverlayRow>();
        var columns = new List<string>();
        string data;

        if (options.Values.Single(ImageFlag) is { } file)
        {
            var question = options.Values.Single(VqaPredictor.QuestionFlag)!;
            var pixels = ImageFiles.LoadImage(file, 3, size, size);
            using var image = torch.tensor(pixels.Select(p => (p - VqaBatches.Mean) / VqaBatches.Std).ToArray(), [1, 3, size, size]);
            var (maps, answers) = CaptureMaps(task, image, [question], device, grid);
            columns.AddRange(maps.Keys.Select(CapturedMaps.ColumnTitle));
            rows.Add(Overlay(pixels, size, $"{question} -> {answers[0]}", maps, 0, grid, mask: null));
            data = file;
        }
        else
        {
            var split = task.Data.Eval;
            var scenes = split.Images as SceneImages;
            data = split.Name;
            var picked = SamplePick.Pick(split.Samples.Count, options.Images, Seeding.Derive(options.Seed, "explain/questions"));
            foreach (var chunk in picked.Chunk(options.BatchSize))
            {
                using var batch = task.EvalSplitBatches.Build(chunk);
                var (maps, answers) = CaptureMaps(task, batch.Images, batch.Questions, device, grid);
                if (columns.Count == 0)
                    columns.AddRange(maps.Keys.Select(CapturedMaps.ColumnTitle));
                for (var b = 0; b < batch.Size; b++)
                {
                    var sample = split.Samples[chunk[b]];
                    var mask = scenes is null ? null : SceneReferences.Mask(scenes.Scenes[sample.Image], sample.Question, size);
                    if (rows.Count < options.OverlayRows)
                    {
                        var pixels = split.Images.Read(sample.Image, size);
                        rows.Add(Overlay(pixels, size, $"{sample.Question} -> {answers[b]} ({sample.BestAnswer})", maps, b, grid, mask));
                    }
                    if (mask is null)
                        continue;
                    var truth = MaskScores.TokenMask(mask, size, size, grid, grid, cover, cover);
                    scores.Add(maps, b, grid * grid, truth);
                }
            }
            if (scenes is null)
                log?.WriteLine($"note: {data} has no object masks; overlays only, no scores");
        }

        var report = scores.Fill(new FilteringReport
        {
            Task = task.Name,
            Run = Path.GetFullPath(runDir),
            Data = data,
            Grid = [grid, grid],
        });
        var files = ExplainFiles.Save(report, outDir);
        if (rows.Count > 0)
        {
            OverlayGrid.Save(Path.Combine(outDir, ExplainFiles.Overlays), columns, rows);
            files.Add(ExplainFiles.Overlays);
        }
        if (report.Points.Count > 0)
        {
            var title = $"lm {task.Options.Lm.Mode.ToString().ToLowerInvariant()}, seed {task.Options.Seed}";
            FilteringFigures.SaveBars(report, Path.Combine(outDir, ExplainFiles.Bars), Path.Combine(outDir, ExplainFiles.AurocBars), title);
            files.AddRange([ExplainFiles.Bars, ExplainFiles.AurocBars]);
        }
        return new TaskExplanation(report, Lines(report, rows.Count), files);
    }

    private static List<string> Lines(FilteringReport r, int overlays)
    {
        var lines = new List<string>
        {
            $"data         {r.Data}: {r.Images} questions scored, {r.SkippedImages} skipped (the named objects cover none or all of the {r.Grid[0]}x{r.Grid[1]} grid), {overlays} overlaid",
        };
        if (r.Images == 0)
            return lines;
        lines.Add($"{"point",-12} {"mag mIoU",9} {"freq mIoU",9} {"mag AUROC",9} {"freq AUROC",10}");
        foreach (var (name, s) in r.Points)
            lines.Add($"{name,-12} {FilteringText.Pct(s.MagnitudeMiou),9} {FilteringText.Pct(s.FrequencyMiou),9} {FilteringText.Pct(s.MagnitudeAuroc),9} {FilteringText.Pct(s.FrequencyAuroc),10}");
        foreach (var (name, miou) in r.AttentionMiou)
            lines.Add($"{name + " attn",-12} {FilteringText.Pct(miou),9} {"",9} {FilteringText.Pct(r.AttentionAuroc.GetValueOrDefault(name)),9}");
        if (r.ObjectTokenFraction is { } f)
            lines.Add($"named objects cover {FilteringText.Pct(f)} of the grid on average; a random map scores mIoU {FilteringText.Pct(r.ChanceMiou)} (chance level)");
        return lines;
    }

    /// <summary>
    /// Runs the model on normalised images and questions with the capture hook set; returns the maps over the image tokens
    /// (keyed as <see cref="CapturedMaps.Maps"/>) and the top answer of each question.
    /// </summary>
    private static (Dictionary<string, float[]> Maps, string[] Answers) CaptureMaps(VqaTask task, Tensor images,
        IReadOnlyList<string> questions, Device device, int grid)
    {
        var imageTokens = task.Net.ImageTokens;
        var answers = new string[questions.Count];
        task.Net.eval();
        var captured = CapturedMaps.Capture(c => task.Net.Capture = c, () =>
        {
            var (hidden, mask) = task.EncodeQuestions(questions);
            var best = task.Net.Logits(images.to(device), hidden, mask).argmax(1).cpu().data<long>().ToArray();
            for (var i = 0; i < best.Length; i++)
                answers[i] = task.Answers.Answers[(int)best[i]];
        });
        try
        {
            var image = captured.ToDictionary(kv => kv.Key, kv => kv.Value.dim() == 4
                ? kv.Value.narrow(2, 0, imageTokens).narrow(3, 0, imageTokens)                  // [B, H, Ti, Ti]
                : kv.Value.narrow(1, 0, imageTokens));                                          // [B, Ti, C]
            try
            {
                return (CapturedMaps.Maps(image, grid, grid, PrefixTokens), answers);
            }
            finally
            {
                foreach (var t in image.Values)
                    t.Dispose();
            }
        }
        finally
        {
            foreach (var t in captured.Values)
                t.Dispose();
        }
    }

    private static OverlayRow Overlay(float[] pixels, int size, string label, Dictionary<string, float[]> maps, int b, int grid, float[]? mask) =>
        new(pixels, 3, size, size, label, maps.Values.Select(v => (float[]?)v.AsSpan(b * grid * grid, grid * grid).ToArray()).ToList(),
            grid, grid, mask);
}

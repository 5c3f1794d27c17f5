using FrozenLm.Tasks;
using System.Globalization;
using System.Text.Json;
using FrozenLm.LanguageModels;
using FrozenLm.Training;
using static TorchSharp.torch;

namespace FrozenLm.Comparison;

/// <summary>
/// The real <see cref="ICompareTrainer"/>: resolves the task's preset with the comparison's overrides, then sets the
/// run seed (which fixes init, data order and augmentation, the same for every variant) and the LM stage the variant
/// spec asks for, validates through the task definition, and trains or resumes through <see cref="TrainingRunner"/>.
/// </summary>
public sealed class TrainerCompareBackend : ICompareTrainer
{
    private readonly Device _device;

    public TrainerCompareBackend(Device device) => _device = device;

    /// <summary>
    /// The options every run shares before its seed and variant: <c>TrainOptions.Resolve(task, preset, overrides)</c> with
    /// the task flags (<see cref="CompareSettings.TaskFlags"/>) and the comparison's shared overrides, validated.
    /// </summary>
    public static TrainOptions Resolve(CompareSettings s) =>
        TrainOptions.Resolve(s.Task, s.Preset, new TrainOverrides
        {
            Flags = s.TaskFlags.ToDictionary(f => f.Key, f => (object?)f.Value),
            Data = s.Data,
            TrainLimit = s.TrainLimit,
            EvalLimit = s.EvalLimit,
            Epochs = s.Epochs,
            BatchSize = s.BatchSize,
            Lr = s.Lr,
            Lm = s.Lm,
            LmLayers = s.LmLayers?.ToArray(),
        });

    /// <summary>
    /// The trainer options of one run: <see cref="Resolve"/> with <c>{ Seed, Lm = spec.Apply(Lm) }</c>, validated by the
    /// task; an invalid setting a spec introduced is reported against <c>--variants</c>.
    /// </summary>
    public static TrainOptions Options(CompareRunRequest run)
    {
        var s = run.Settings;
        var spec = run.Spec;
        var options = Resolve(s);
        options = options with
        {
            Seed = run.Seed,
            Lm = spec.Apply(options.Lm),
            TensorBoard = s.TensorBoard is null ? null : Path.Combine(s.TensorBoard, $"{spec.DirectoryName}-seed-{run.Seed}"),
        };
        try
        {
            TaskRegistry.Get(s.Task).Validate(options);
        }
        catch (UserInputException e) when (!spec.IsPlain)
        {
            throw new UserInputException("--variants", $"'{spec.Name}': {e.Subject}: {e.Problem}", e);
        }
        return options;
    }

    /// <summary>
    /// Resolves the shared options (a bad task flag or override is reported against its flag), then every variant's
    /// options, before anything trains, and checks that each LM a spec names opens and has the
    /// layers the spec asks for, so a bad flag or spec fails at once rather than after hours of training.
    /// </summary>
    public void Validate(CompareSettings settings)
    {
        Resolve(settings);
        var configs = new Dictionary<string, LmConfig>(StringComparer.Ordinal);
        foreach (var variant in settings.Variants)
        {
            var run = new CompareRunRequest(settings, variant, 0);
            var lm = Options(run).Lm;
            if (run.Spec.Base == CompareVariants.None)
                continue;
            LmConfig config;
            try
            {
                if (!configs.TryGetValue(lm.Source, out config!))
                    configs[lm.Source] = config = LmBlockStack.ReadConfig(lm.Source);
            }
            catch (UserInputException e) when (run.Spec.Lm is not null)
            {
                throw new UserInputException("--variants", $"'{variant}': {e.Subject}: {e.Problem}", e);
            }
            if (lm.Layers.FirstOrDefault(l => l >= config.NumLayers, -1) is var bad and >= 0)
            {
                var problem = $"layer {bad} does not exist in {lm.Source}, which has {config.NumLayers} layers (0..{config.NumLayers - 1})";
                throw run.Spec.Layers is null && run.Spec.Lm is null
                    ? new UserInputException("--lm-layers", problem)
                    : new UserInputException("--variants", $"'{variant}': {problem}");
            }
        }
    }

    /// <summary>
    /// The parameters of the largest LM stage among the variants (per-layer count x layers, from the checkpoint
    /// configs); 0 when every variant is <c>none</c>. Sizes <c>compare --parallel auto</c>.
    /// </summary>
    public long LargestStageParameters(CompareSettings settings)
    {
        long largest = 0;
        foreach (var variant in settings.Variants.Where(v => VariantSpec.Parse(v).Base != CompareVariants.None))
        {
            var lm = Options(new CompareRunRequest(settings, variant, 0)).Lm;
            var config = LmBlockStack.ReadConfig(lm.Source);
            largest = Math.Max(largest, config.Family.ParameterCountPerLayer(config) * Math.Max(1, lm.Layers.Length));
        }
        return largest;
    }

    public bool CanResume(string runDir) =>
        File.Exists(Path.Combine(runDir, RunFiles.Config)) && File.Exists(Path.Combine(runDir, RunFiles.TrainState));

    public void Train(CompareRunRequest request, string runDir, bool resume, ICompareObserver observer, CancellationToken cancellationToken)
    {
        var bridge = new Bridge(request, observer);
        if (resume)
            TrainingRunner.Resume(runDir, bridge, _device, cancellationToken);
        else
            TrainingRunner.Run(Options(request), runDir, bridge, _device, cancellationToken);
    }

    /// <summary>Describes the data, encoder and LM stage the runs used, from their config.json files.</summary>
    public static RunDescription Describe(CompareSettings settings, string outDir)
    {
        var first = ReadConfig(CompareRunner.RunDirectory(outDir, settings.Variants[0], 0));
        var withLm = settings.Variants.Where(v => v != CompareVariants.None)
            .OrderBy(v => VariantSpec.Parse(v).IsPlain ? 0 : 1)
            .Select(v => ReadConfig(CompareRunner.RunDirectory(outDir, v, 0)))
            .FirstOrDefault(c => c is not null);
        var lmText = settings.Lm + (settings.LmLayers is null ? " (default layers)" : $" (layers {settings.LmLayersText})");
        return new RunDescription(
            first is { } f && f.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? DataText(d) : settings.Data ?? "the task's bundled default data",
            first is { } g && g.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.Object ? Scalars(m) : "the preset's encoder",
            withLm is { } h && h.TryGetProperty("lm", out var l) && l.ValueKind == JsonValueKind.Object ? LmText(l) : lmText,
            first is { } k && k.TryGetProperty("options", out var o) && o.ValueKind == JsonValueKind.Object ? RecipeText(o) : "the preset's recipe");
    }

    /// <summary>The recipe line of the setup table; a setting is read from the shared options, else the task's, and left out when neither has it.</summary>
    private static string RecipeText(JsonElement o)
    {
        string? Get(string key) =>
            o.TryGetProperty(key, out var v) ? v.ToString()
            : o.TryGetProperty("task_options", out var t) && t.ValueKind == JsonValueKind.Object && t.TryGetProperty(key, out var tv) ? tv.ToString()
            : null;
        var parts = new List<string>
        {
            $"AdamW, batch {Get("batch_size") ?? "?"}, lr {Get("lr") ?? "?"} cosine to {Get("min_lr") ?? "?"} after {Get("warmup_epochs") ?? "?"} warm-up epochs",
            $"weight decay {Get("weight_decay") ?? "?"}",
        };
        if (Get("label_smoothing") is { } smoothing)
            parts.Add($"label smoothing {smoothing}");
        if (Get("drop_path") is { } dropPath)
            parts.Add($"drop-path {dropPath}");
        return string.Join(", ", parts);
    }

    private static JsonElement? ReadConfig(string runDir)
    {
        var path = Path.Combine(runDir, RunFiles.Config);
        if (!File.Exists(path))
            return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
            return doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement.Clone() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string DataText(JsonElement d)
    {
        string Text(string key) => d.TryGetProperty(key, out var v) ? v.ToString() : "?";
        string Count(string key) => d.TryGetProperty(key, out var v) && v.TryGetInt64(out var n)
            ? n.ToString("N0", CultureInfo.InvariantCulture)
            : "?";
        var classes = d.TryGetProperty("classes", out var c) && c.ValueKind == JsonValueKind.Array ? c.GetArrayLength() : 0;
        return $"{Text("source")} ({Text("format")}): {Count("train_count")} train / {Count("eval_count")} test samples, {classes} classes";
    }

    private static string LmText(JsonElement l)
    {
        string Text(string key) => l.TryGetProperty(key, out var v) ? v.ToString() : "?";
        var layers = l.TryGetProperty("layers", out var a) && a.ValueKind == JsonValueKind.Array
            ? string.Join(",", a.EnumerateArray().Select(x => x.ToString()))
            : "?";
        var block = l.TryGetProperty("block_parameters", out var b) && b.TryGetInt64(out var n)
            ? $", {n.ToString("N0", CultureInfo.InvariantCulture)} block parameters"
            : "";
        return $"{Text("source")} ({Text("architecture")}, {Text("format")}), layer{(layers.Contains(',') ? "s" : "")} {layers}, " +
               $"hidden size {Text("lm_hidden_size")}{block}";
    }

    private static string Scalars(JsonElement o) => string.Join(", ", o.EnumerateObject()
        .Where(p => p.Value.ValueKind is JsonValueKind.Number or JsonValueKind.String)
        .Select(p => $"{p.Name.Replace('_', ' ')} {p.Value}"));

    private sealed class Bridge(CompareRunRequest run, ICompareObserver observer) : ITrainingObserver
    {
        private readonly MetricInfo _metric = TaskRegistry.Get(run.Settings.Task).PrimaryMetric;
        private int _epochs;

        public void RunStarted(RunStart start) => _epochs = start.Epochs;

        public void EpochFinished(EpochMetrics m)
        {
            var value = m.Metrics.TryGetValue(_metric.Key, out var v) ? _metric.ToDisplay(v) : double.NaN;
            observer.EpochFinished(run, new CompareEpoch(m.Epoch, _epochs, m.Loss, value, m.SamplesPerSecond, m.Seconds));
        }
    }
}

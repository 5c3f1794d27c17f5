using System.Globalization;
using FrozenLm.Tasks;

namespace FrozenLm.Comparison;

/// <summary>
/// What a comparison trains: one task, data source, LM and preset, run for every variant and seed. Null overrides
/// mean "the preset's value".
/// </summary>
public sealed record CompareSettings
{
    public string Task { get; init; } = TaskRegistry.DefaultTask;

    /// <summary>Training data source; null means the bundled default data set of the task.</summary>
    public string? Data { get; init; }

    public string Lm { get; init; } = "minilm";

    /// <summary>Which LM layers form the stage, in order; null means the trainer's default.</summary>
    public IReadOnlyList<int>? LmLayers { get; init; }

    public string Preset { get; init; } = "quick";
    /// <summary>The rows: canonical variant spec names (<see cref="VariantSpec.Name"/>), <c>none</c> first when present.</summary>
    public IReadOnlyList<string> Variants { get; init; } = CompareVariants.Default;

    /// <summary>How many seeds; seeds are 0 .. Seeds - 1.</summary>
    public int Seeds { get; init; } = 3;

    /// <summary>At most this many training / test samples (a seeded subset, 0 = all); null means the preset's.</summary>
    public int? TrainLimit { get; init; }
    public int? EvalLimit { get; init; }

    public int? Epochs { get; init; }
    public int? BatchSize { get; init; }
    public double? Lr { get; init; }

    /// <summary>
    /// The task's own train flags (those <c>train --task T</c> declares for T, e.g. <c>--model mmtransformer</c>) as text
    /// by flag name, applied to every run before the shared overrides above; empty = the preset's.
    /// </summary>
    public IReadOnlyDictionary<string, string> TaskFlags { get; init; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Folder of TensorBoard logs (<c>--tensorboard</c>): each run writes to its own subfolder; null = none.
    /// Not part of the run fingerprint (logging does not change a run).</summary>
    public string? TensorBoard { get; init; }

    /// <summary>ImageNet-C corruptions (<c>--corruptions</c>: all or NAME,...) each finished run is evaluated under,
    /// and their severities (<c>--severities</c>); null = no robustness evaluation.</summary>
    public string? Corruptions { get; init; }
    public string? Severities { get; init; }

    /// <summary>The settings a finished run must share to be reused, as stable strings (the run record).</summary>
    public SortedDictionary<string, string> RunFingerprint(string variant, int seed) => new(StringComparer.Ordinal)
    {
        ["task"] = Task,
        ["data"] = Data ?? "default",
        ["lm"] = Lm,
        ["lm_layers"] = LmLayersText,
        ["train_limit"] = TrainLimit?.ToString(CultureInfo.InvariantCulture) ?? "preset",
        ["eval_limit"] = EvalLimit?.ToString(CultureInfo.InvariantCulture) ?? "preset",
        ["preset"] = Preset,
        ["epochs"] = Epochs?.ToString(CultureInfo.InvariantCulture) ?? "preset",
        ["batch_size"] = BatchSize?.ToString(CultureInfo.InvariantCulture) ?? "preset",
        ["lr"] = Lr?.ToString("R", CultureInfo.InvariantCulture) ?? "preset",
        [TaskFlagsKey] = TaskFlagsText,
        ["variant"] = VariantSpec.Parse(variant).Name,
        ["seed"] = seed.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The run-record key of <see cref="TaskFlags"/>; records written before task flags existed lack it and had none.</summary>
    public const string TaskFlagsKey = "task_flags";

    /// <summary>What <see cref="TaskFlagsText"/> is without task flags.</summary>
    public const string NoTaskFlags = "none";

    /// <summary>The task flags as "--model mmtransformer --regions 4" (ordinal order of the names), or "none".</summary>
    public string TaskFlagsText => TaskFlags.Count == 0
        ? NoTaskFlags
        : string.Join(" ", TaskFlags.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} {f.Value}"));

    /// <summary>The layers as "4,5", or "default".</summary>
    public string LmLayersText => LmLayers is null ? "default" : string.Join(",", LmLayers);

    /// <summary>Checks the values a user can get wrong; throws <see cref="UserInputException"/> naming the flag.</summary>
    public void Validate()
    {
        if (Seeds < 1)
            throw new UserInputException("--seeds", $"must be at least 1, got {Seeds}");
        if (Seeds > 100)
            throw new UserInputException("--seeds", $"must be at most 100, got {Seeds}");
        if (Variants.Count == 0)
            throw new UserInputException("--variants", "names no variant");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var variant in Variants)
        {
            var name = VariantSpec.Parse(variant).Name;
            if (name != variant)
                throw new UserInputException("--variants", $"'{variant}' is not in canonical form (write '{name}')");
            if (!seen.Add(name))
                throw new UserInputException("--variants", $"variant '{name}' is listed twice");
        }
        if (TaskFlags.Count > 0 && TaskFlags.Keys.Order(StringComparer.Ordinal)
                .FirstOrDefault(k => TaskRegistry.Get(Task).Flags.All(f => f.Name != k)) is { } undeclared)
            throw new UserInputException(undeclared, $"is not a flag of task '{Task}'");
        if (TrainLimit is < 0)
            throw new UserInputException("--train-limit", $"must be 0 (all) or positive, got {TrainLimit}");
        if (EvalLimit is < 0)
            throw new UserInputException("--eval-limit", $"must be 0 (all) or positive, got {EvalLimit}");
        if (Epochs is < 1)
            throw new UserInputException("--epochs", $"must be at least 1, got {Epochs}");
        if (BatchSize is < 1)
            throw new UserInputException("--batch-size", $"must be at least 1, got {BatchSize}");
        if (Lr is { } lr && !(lr > 0 && double.IsFinite(lr)))
            throw new UserInputException("--lr", $"must be a positive number, got {lr.ToString(CultureInfo.InvariantCulture)}");
    }
}

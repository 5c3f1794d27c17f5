using System.Text.Json.Serialization;
using FrozenLm.FrozenStage;

namespace FrozenLm.Tasks;

/// <summary>
/// Everything that determines a training run (recorded in config.json): the recipe every task shares (data source and
/// limits, seed, epochs, batch, AdamW, warm-up + cosine schedule, parameter groups, workers), the LM stage, and the
/// task's own settings in <see cref="TaskOptions"/>. Build one with <see cref="Resolve(string, string, TrainOverrides?)"/>:
/// the task's preset, then explicit overrides, validated. Rates are per optimizer step; <see cref="Lr"/> is absolute.
/// </summary>
public sealed record TrainOptions
{
    public string Task { get; init; } = TaskRegistry.DefaultTask;
    public string Preset { get; init; } = "quick";

    /// <summary>Data source: a built-in name or a path; <see cref="DataFormat"/> forces a reader (null = detect).</summary>
    public string Data { get; init; } = "";
    public string? DataFormat { get; init; }

    /// <summary>Use at most this many training / evaluation samples (a seeded random subset); 0 = all.</summary>
    public int TrainLimit { get; init; }
    public int EvalLimit { get; init; }

    public int Seed { get; init; }
    public int Epochs { get; init; } = 3;
    public int BatchSize { get; init; } = 64;
    public double Lr { get; init; } = 1e-3;
    public double MinLr { get; init; } = 1e-5;
    public double WarmupLr { get; init; } = 1e-6;
    public double WarmupEpochs { get; init; }
    public double WeightDecay { get; init; } = 0.05;

    /// <summary>Global gradient-norm clip; 0 = off.</summary>
    public double ClipGrad { get; init; }

    /// <summary>How trainable parameters split into optimizer groups (weight decay, lr multiplier); the task's preset declares it.</summary>
    public ParameterGroupPolicy ParamGroups { get; init; } = ParameterGroupPolicy.Default;

    /// <summary>Data-loading worker threads; 0 = automatic.</summary>
    public int Workers { get; init; }

    /// <summary>Where this run writes TensorBoard event files (<c>--tensorboard</c>); null = none.</summary>
    public string? TensorBoard { get; init; }

    public LmStageOptions Lm { get; init; } = new();

    /// <summary>The task's own settings (its record type comes from <see cref="ITaskDefinition.OptionsType"/>).</summary>
    [JsonConverter(typeof(TaskOptionsJsonConverter))]
    public required TaskOptions TaskOptions { get; init; }

    /// <summary>The task's settings as <typeparamref name="T"/>; throws when this run belongs to another task.</summary>
    public T TaskOptionsAs<T>() where T : TaskOptions =>
        TaskOptions as T ?? throw new InvalidOperationException(
            $"options of task '{Task}' hold {TaskOptions.GetType().Name}, not {typeof(T).Name}");

    /// <summary>These options with the task's settings changed by <paramref name="change"/>.</summary>
    public TrainOptions WithTask<T>(Func<T, T> change) where T : TaskOptions => this with { TaskOptions = change(TaskOptionsAs<T>()) };

    /// <summary>The task's preset with <paramref name="overrides"/> applied, validated.</summary>
    public static TrainOptions Resolve(string task, string preset, TrainOverrides? overrides = null)
    {
        var definition = TaskRegistry.Get(task);
        var options = definition.Preset(preset);
        options = (overrides ?? new TrainOverrides()).ApplyTo(options);
        definition.Validate(options);
        return options;
    }
}

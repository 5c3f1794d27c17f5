using System.Collections.Immutable;
using FrozenLm.FrozenStage;

namespace FrozenLm.Tasks;

/// <summary>
/// Explicit settings that win over a preset, as flag values by flag name (the shared <see cref="TrainFlags"/> and the
/// task's own <see cref="ITaskDefinition.Flags"/>); the typed properties set the shared ones from code. Two rules
/// follow the preset: changing the batch size without a learning rate scales the preset's rate linearly
/// (lr x new batch / preset batch), and a shorter <c>--epochs</c> keeps the preset warm-up's fraction of the run.
/// </summary>
public sealed record TrainOverrides
{
    private readonly ImmutableDictionary<string, object> _values = ImmutableDictionary<string, object>.Empty;

    /// <summary>The given flag values by flag name (<c>--epochs</c>); setting this adds to the values already set.</summary>
    public IReadOnlyDictionary<string, object?> Flags
    {
        get => _values!;
        init
        {
            foreach (var (flag, v) in value)
                _values = Put(_values, flag, v);
        }
    }

    public string? Data { get => Get<string>("--data"); init => _values = Put(_values, "--data", value); }
    public string? DataFormat { get => Get<string>("--data-format"); init => _values = Put(_values, "--data-format", value); }
    public int? TrainLimit { get => GetValue<int>("--train-limit"); init => _values = Put(_values, "--train-limit", value); }
    public int? EvalLimit { get => GetValue<int>("--eval-limit"); init => _values = Put(_values, "--eval-limit", value); }
    public int? Seed { get => GetValue<int>("--seed"); init => _values = Put(_values, "--seed", value); }
    public int? Epochs { get => GetValue<int>(TrainFlags.Epochs); init => _values = Put(_values, TrainFlags.Epochs, value); }
    public int? BatchSize { get => GetValue<int>(TrainFlags.BatchSize); init => _values = Put(_values, TrainFlags.BatchSize, value); }
    public double? Lr { get => GetValue<double>(TrainFlags.Lr); init => _values = Put(_values, TrainFlags.Lr, value); }
    public double? WarmupEpochs { get => GetValue<double>(TrainFlags.WarmupEpochs); init => _values = Put(_values, TrainFlags.WarmupEpochs, value); }
    public int? Workers { get => GetValue<int>("--workers"); init => _values = Put(_values, "--workers", value); }
    public LmStageMode? LmMode { get => Get<LmStageMode>("--lm-mode"); init => _values = Put(_values, "--lm-mode", value); }
    public string? Lm { get => Get<string>("--lm"); init => _values = Put(_values, "--lm", value); }
    public int[]? LmLayers { get => Get<int[]>("--lm-layers"); init => _values = Put(_values, "--lm-layers", value); }

    /// <summary>These overrides plus <paramref name="flag"/> = <paramref name="value"/> (null removes nothing and adds nothing).</summary>
    public TrainOverrides With(string flag, object? value) => this with { Flags = new Dictionary<string, object?> { [flag] = value } };

    /// <summary>
    /// The preset with every given flag applied, then the batch and warm-up rules. The task's flags come first (each in
    /// declaration order): one of them may bring its own recipe (<c>--model mmtransformer</c> under the paper preset), and
    /// the result is the preset the shared flags then override, so an explicit <c>--epochs</c> or <c>--lr</c> always wins.
    /// A flag the task does not declare is a <see cref="UserInputException"/> on that flag.
    /// </summary>
    public TrainOptions ApplyTo(TrainOptions preset)
    {
        var definition = TaskRegistry.Get(preset.Task);
        var flags = TrainFlags.Shared.Concat(definition.Flags).ToList();
        foreach (var name in _values.Keys.Where(k => flags.All(f => f.Name != k)).Order(StringComparer.Ordinal))
            throw new UserInputException(name, $"is not a flag of task '{definition.Name}'");
        var recipe = Apply(definition.Flags, preset);
        var options = Apply(TrainFlags.Shared, recipe);
        if (!_values.ContainsKey(TrainFlags.Lr) && options.BatchSize != recipe.BatchSize)
            options = options with { Lr = recipe.Lr * options.BatchSize / recipe.BatchSize };
        if (!_values.ContainsKey(TrainFlags.WarmupEpochs))
            options = options with { WarmupEpochs = ScaledWarmup(recipe, options.Epochs) };
        return options;
    }

    private TrainOptions Apply(IEnumerable<OptionFlag> flags, TrainOptions options) =>
        flags.Where(f => _values.ContainsKey(f.Name)).Aggregate(options, (o, f) => f.Apply(o, _values[f.Name]));

    /// <summary>
    /// The preset's warm-up, or, when the run is shorter than it, the same fraction of the shorter run
    /// (30 epochs with 3 warm-up -> 2 epochs with 0.2).
    /// </summary>
    private static double ScaledWarmup(TrainOptions preset, int epochs) =>
        epochs < preset.WarmupEpochs && preset.Epochs > 0 ? preset.WarmupEpochs * epochs / preset.Epochs : preset.WarmupEpochs;

    private T? Get<T>(string flag) where T : class => _values.GetValueOrDefault(flag) as T;

    private T? GetValue<T>(string flag) where T : struct => _values.GetValueOrDefault(flag) is T v ? v : null;

    private static ImmutableDictionary<string, object> Put(ImmutableDictionary<string, object> values, string flag, object? value) =>
        value is null ? values : values.SetItem(flag, value);
}

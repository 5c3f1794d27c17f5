using FrozenLm.FrozenStage;

namespace FrozenLm.Tasks;

/// <summary>
/// The flags every task shares: data source and limits, the recipe (seed, epochs, batch, optimiser, schedule, workers)
/// and the LM stage. A task adds its own through <see cref="ITaskDefinition.Flags"/>.
/// </summary>
public static class TrainFlags
{
    public const string Epochs = "--epochs";
    public const string BatchSize = "--batch-size";
    public const string Lr = "--lr";
    public const string WarmupEpochs = "--warmup-epochs";

    public static IReadOnlyList<OptionFlag> Shared { get; } =
    [
        OptionFlag.Text("--data", "Data source: a built-in name or a path (default: the task's)", (o, v) => o with { Data = FlagValues.ToText(v) }),
        OptionFlag.Text("--data-format", "Force a reader (image: idx, cifar10, cifar100, imagefolder)", (o, v) => o with { DataFormat = FlagValues.ToText(v) }),
        OptionFlag.Int("--train-limit", "Use at most N training samples (seeded subset; 0 = all)", (o, v) => o with { TrainLimit = v }),
        OptionFlag.Int("--eval-limit", "Use at most N evaluation samples (0 = all)", (o, v) => o with { EvalLimit = v }),
        OptionFlag.Int("--seed", "Seed of every random choice (init, data order, augmentation, drop-path)", (o, v) => o with { Seed = v }),
        OptionFlag.Int(Epochs, "Training epochs (a shorter run keeps the preset warm-up's fraction)", (o, v) => o with { Epochs = v }),
        OptionFlag.Int(BatchSize, "Samples per step (changing it without --lr scales the preset lr linearly)", (o, v) => o with { BatchSize = v }),
        OptionFlag.Double(Lr, "Peak learning rate (absolute)", (o, v) => o with { Lr = v }),
        OptionFlag.Double("--min-lr", "Learning rate at the end of the cosine", (o, v) => o with { MinLr = v }),
        OptionFlag.Double(WarmupEpochs, "Linear warm-up length in epochs (fractions allowed)", (o, v) => o with { WarmupEpochs = v }),
        OptionFlag.Double("--weight-decay", "AdamW weight decay (not on the task's no-decay group: 1-D params, biases, ...)", (o, v) => o with { WeightDecay = v }),
        OptionFlag.Double("--clip-grad", "Clip the global gradient norm (0 = off)", (o, v) => o with { ClipGrad = v }),
        OptionFlag.Int("--workers", "Data-loading threads (0 = automatic)", (o, v) => o with { Workers = v }),
        OptionFlag.Text("--lm-mode", "frozen (default) | finetune | random | mlp | none",
            (o, v) => o with { Lm = o.Lm with { Mode = FlagValues.ToLmMode(v, "--lm-mode") } }),
        OptionFlag.Text("--lm-position", "tail (default) | middle | head",
            (o, v) => o with { Lm = o.Lm with { Position = FlagValues.ToEnum<LmStagePosition>(v, "--lm-position") } }),
        OptionFlag.Bool("--lm-residual", "Add the block input to its output (R-LLM)", (o, v) => o with { Lm = o.Lm with { Residual = v } }),
        OptionFlag.Text("--lm", "LM checkpoint path or built-in name (minilm, arctic-xs)", (o, v) => o with { Lm = o.Lm with { Source = FlagValues.ToText(v) } }),
        OptionFlag.Text("--lm-layers", "Comma-separated layer indices, run in order (default: the LM's last layer)",
            (o, v) => o with { Lm = o.Lm with { Layers = FlagValues.ToLayers(v, "--lm-layers") } }),
        OptionFlag.Text("--lm-final-norm", "auto (on for llama-family) | on | off: parameter-free RMS norm after the block(s)",
            (o, v) => o with { Lm = o.Lm with { FinalNorm = FlagValues.ToAutoBool(v, "--lm-final-norm") } }),
        OptionFlag.Text("--lm-dtype", "Storage dtype of the LM weights: F32 or BF16",
            (o, v) => o with { Lm = o.Lm with { StorageDType = FlagValues.ToText(v).ToUpperInvariant() } }),
    ];
}

using System.Text.Json.Serialization;
using FrozenLm.FrozenStage.Variants;

namespace FrozenLm.FrozenStage;

/// <summary>
/// What sits between the visual blocks, by the name of its entry in <see cref="StageVariants"/>: the paper's frozen
/// pretrained LM block, the same block fine-tuned, a randomly initialised block of the same shape, an MLP with the
/// frozen variant's trainable parameter count, or nothing. Written to JSON as its name ("frozen").
/// </summary>
[JsonConverter(typeof(LmStageModeJsonConverter))]
public sealed record LmStageMode
{
    internal LmStageMode(string name) => Name = name;

    /// <summary>The variant's name, as in config.json and on the command line.</summary>
    public string Name { get; }

    public static LmStageMode None { get; } = new(NoneVariant.VariantName);
    public static LmStageMode Frozen { get; } = new(FrozenVariant.VariantName);
    public static LmStageMode Finetune { get; } = new(FinetuneVariant.VariantName);
    public static LmStageMode Random { get; } = new(RandomVariant.VariantName);
    public static LmStageMode Mlp { get; } = new(MlpVariant.VariantName);

    /// <summary>The mode of every registered variant, in table order.</summary>
    public static IReadOnlyList<LmStageMode> All => StageVariants.All.Select(v => v.Mode).ToList();

    /// <summary>The table entry that builds this mode's stage.</summary>
    public IStageVariant Variant => StageVariants.Get(Name);

    /// <summary>The mode named <paramref name="name"/> (any case); an unknown name is one line naming <paramref name="subject"/>.</summary>
    public static LmStageMode Parse(string name, string subject = "--lm-mode") => StageVariants.Get(name, subject).Mode;

    public override string ToString() => Name;
}

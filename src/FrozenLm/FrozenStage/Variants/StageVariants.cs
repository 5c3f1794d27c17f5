namespace FrozenLm.FrozenStage.Variants;

/// <summary>The table of LM-stage variants, one registration line each; every lookup by variant name goes through here.</summary>
public static class StageVariants
{
    /// <summary>Every variant, in the order help texts list them.</summary>
    public static IReadOnlyList<IStageVariant> All { get; } =
    [
        new NoneVariant(),
        new FrozenVariant(),
        new FinetuneVariant(),
        new RandomVariant(),
        new MlpVariant(),
    ];

    /// <summary>What <c>frozenlm compare</c> trains when no <c>--variants</c> is given: the reference, the paper's
    /// variant and its two controls.</summary>
    public static IReadOnlyList<IStageVariant> Default { get; } =
        [Get(NoneVariant.VariantName), Get(FrozenVariant.VariantName), Get(MlpVariant.VariantName), Get(RandomVariant.VariantName)];

    /// <summary>The variant every delta is measured against: the plain encoder.</summary>
    public static IStageVariant Reference => Get(NoneVariant.VariantName);

    /// <summary>The variant named <paramref name="name"/> (any case), or null.</summary>
    public static IStageVariant? Find(string name) =>
        All.FirstOrDefault(v => string.Equals(v.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The variant named <paramref name="name"/>; an unknown name is one line listing the known ones.</summary>
    public static IStageVariant Get(string name, string subject = "--lm-mode") =>
        Find(name) ?? throw new UserInputException(subject, $"'{name}' is not one of {string.Join(", ", All.Select(v => v.Name))}");

    /// <summary>The variant that builds <paramref name="mode"/>.</summary>
    public static IStageVariant Get(LmStageMode mode) => Get(mode.Name);
}

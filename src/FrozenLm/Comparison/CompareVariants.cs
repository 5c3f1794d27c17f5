using FrozenLm.FrozenStage.Variants;

namespace FrozenLm.Comparison;

/// <summary>The variants a comparison can train: the plain encoder and the LM-stage variants of the paper.</summary>
public static class CompareVariants
{
    /// <summary>The plain encoder without an LM stage; every delta is measured against it.</summary>
    public const string None = "none";
    public const string Frozen = "frozen";
    public const string Mlp = "mlp";
    public const string Random = "random";
    public const string Finetune = "finetune";

    /// <summary>What <c>frozenlm compare</c> trains when no <c>--variants</c> is given.</summary>
    public static IReadOnlyList<string> Default { get; } = StageVariants.Default.Select(v => v.Name).ToList();

    /// <summary>Every variant name, in table order: the defaults first, then the other registered variants.</summary>
    public static IReadOnlyList<string> All { get; } = Default.Concat(StageVariants.All.Select(v => v.Name).Except(Default)).ToList();

    /// <summary>A one-line description of a variant for reports (from the variant table).</summary>
    public static string Describe(string variant) => StageVariants.Find(variant)?.Description ?? variant;

    /// <summary>
    /// Parses a comma-separated list of variant specs (<see cref="VariantSpec"/>), rejecting unknown and repeated ones;
    /// returns their canonical names in table order.
    /// </summary>
    public static IReadOnlyList<string> Parse(string list, string subject) =>
        VariantSpec.ParseList(list, subject).Select(s => s.Name).ToList();
}

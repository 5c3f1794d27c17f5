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

    /// <summary>Every variant name, in table order.</summary>
    public static IReadOnlyList<string> All { get; } = [None, Frozen, Mlp, Random, Finetune];

    /// <summary>What <c>frozenlm compare</c> trains when no <c>--variants</c> is given.</summary>
    public static IReadOnlyList<string> Default { get; } = [None, Frozen, Mlp, Random];

    /// <summary>A one-line description of a variant for reports.</summary>
    public static string Describe(string variant) => variant switch
    {
        None => "plain encoder, no LM stage",
        Frozen => "frozen pretrained LM block between two trainable linears",
        Mlp => "trainable MLP with the same trainable parameter count (the paper's control)",
        Random => "same LM block shape, random init, trained",
        Finetune => "pretrained LM block, fine-tuned",
        _ => variant,
    };

    /// <summary>
    /// Parses a comma-separated list of variant specs (<see cref="VariantSpec"/>), rejecting unknown and repeated ones;
    /// returns their canonical names in table order.
    /// </summary>
    public static IReadOnlyList<string> Parse(string list, string subject) =>
        VariantSpec.ParseList(list, subject).Select(s => s.Name).ToList();
}

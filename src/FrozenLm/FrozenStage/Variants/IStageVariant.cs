namespace FrozenLm.FrozenStage.Variants;

/// <summary>
/// One control variant of the LM stage: its name (the <c>--lm-mode</c> value and compare row), a one-line description,
/// the phrase verdicts use, its report colour, and how it builds its stage. Registered in <see cref="StageVariants"/>.
/// </summary>
public interface IStageVariant
{
    string Name { get; }

    /// <summary>One line for reports, e.g. "frozen pretrained LM block between two trainable linears".</summary>
    string Description { get; }

    /// <summary>A reader-facing noun phrase for verdict sentences, e.g. "the frozen LM block".</summary>
    string Label { get; }

    /// <summary>The colour every plot and table uses for this variant, as "#rrggbb".</summary>
    string Color { get; }

    /// <summary>The mode value options carry for this variant.</summary>
    LmStageMode Mode => new(Name);

    /// <summary>Builds the stage (null for no stage) and describes what it holds.</summary>
    (LmStage? Stage, LmStageInfo Info) Build(StageBuildRequest request);
}

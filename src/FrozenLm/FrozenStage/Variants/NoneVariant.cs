namespace FrozenLm.FrozenStage.Variants;

/// <summary>The plain encoder: no stage at all; the reference every other variant is compared with.</summary>
public sealed class NoneVariant : IStageVariant
{
    public const string VariantName = "none";

    public string Name => VariantName;
    public string Description => "plain encoder, no LM stage";
    public string Label => "the plain encoder";
    public string Color => "#6b7280";

    public (LmStage? Stage, LmStageInfo Info) Build(StageBuildRequest request) =>
        (null, new LmStageInfo { Mode = LmStageMode.None });
}

namespace FrozenLm.FrozenStage.Variants;

/// <summary>The paper's variant: the pretrained LM block(s), frozen, between two trainable linears.</summary>
public sealed class FrozenVariant : LmBlockVariant
{
    public const string VariantName = "frozen";

    public override string Name => VariantName;
    public override string Description => "frozen pretrained LM block between two trainable linears";
    public override string Label => "the frozen LM block";
    public override string Color => "#2563eb";
    public override bool Pretrained => true;
    public override bool TrainsBlocks => false;
}

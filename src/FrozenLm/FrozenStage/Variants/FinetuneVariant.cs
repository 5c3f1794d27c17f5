namespace FrozenLm.FrozenStage.Variants;

/// <summary>The pretrained LM block(s), trained with the rest of the model.</summary>
public sealed class FinetuneVariant : LmBlockVariant
{
    public const string VariantName = "finetune";

    public override string Name => VariantName;
    public override string Description => "pretrained LM block, fine-tuned";
    public override string Label => "the fine-tuned LM block";
    public override string Color => "#9333ea";
    public override bool Pretrained => true;
    public override bool TrainsBlocks => true;
}

namespace FrozenLm.FrozenStage.Variants;

/// <summary>The paper's random-LLM control: blocks of the same shape with seeded Hugging Face initialisation, trained.</summary>
public sealed class RandomVariant : LmBlockVariant
{
    public const string VariantName = "random";

    public override string Name => VariantName;
    public override string Description => "same LM block shape, random init, trained";
    public override string Label => "the random block";
    public override string Color => "#16a34a";
    public override bool Pretrained => false;
    public override bool TrainsBlocks => true;
}

using FrozenLm.Encoders;

namespace FrozenLm.Models.VisionLanguage;

/// <summary>
/// The shape shared by the vision-language models: the image ViT (<see cref="Vit"/>, its width the fusion width), the
/// merged-attention fusion's depth and heads, the text encoder's hidden size, and how Linear weights are initialised.
/// </summary>
public abstract record MergedFusionConfig : FusionShapeConfig
{
    public required VitConfig Vit { get; init; }

    public override int Dim => Vit.Dim;

    public override void Validate()
    {
        Vit.Validate();
        base.Validate();
    }
}

namespace FrozenLm.Encoders;

/// <summary>
/// How a ViT turns pixels into patch tokens: <see cref="Patch"/> = one strided P x P convolution (timm's ViT);
/// <see cref="Conv"/> = a convolutional stem of 3 x 3 stride-2 convolutions with a normalisation and ReLU, then a 1 x 1
/// projection (Xiao et al. 2021, "Early convolutions help transformers see better"), the same token grid.
/// </summary>
public enum ImageStem
{
    Patch,
    Conv,
}

namespace FrozenLm.LanguageModels.Families;

/// <summary>The norm a family's blocks use; RMS-norm families get the paper's parameter-free RMS norm after the stage.</summary>
public enum LmNormKind
{
    Rms,
    Layer,
}

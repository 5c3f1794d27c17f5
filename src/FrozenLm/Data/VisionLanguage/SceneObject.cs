namespace FrozenLm.Data.VisionLanguage;

/// <summary>
/// One object of a generated scene: shape, colour (index into <see cref="SceneVocabulary.ColourNames"/>), size, and
/// centre in normalised image coordinates (x right, y down, both in [0, 1]). Later objects are drawn over earlier ones.
/// </summary>
public sealed record SceneObject(SceneShape Shape, int Colour, bool Large, double X, double Y)
{
    /// <summary>Radius as a fraction of the image side.</summary>
    public double Radius => Large ? SceneObjectSizes.LargeRadius : SceneObjectSizes.SmallRadius;

    public string ColourName => SceneVocabulary.ColourNames[Colour];
    public string ShapeName => SceneVocabulary.Name(Shape);
    public string SizeName => Large ? "large" : "small";

    /// <summary>"red circle".</summary>
    public string Noun => $"{ColourName} {ShapeName}";
}

namespace FrozenLm.Data.VisionLanguage;

/// <summary>The two object radii of generated scenes, as fractions of the image side.</summary>
public static class SceneObjectSizes
{
    public const double SmallRadius = 0.1;
    public const double LargeRadius = 0.17;
}

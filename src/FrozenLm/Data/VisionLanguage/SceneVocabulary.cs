namespace FrozenLm.Data.VisionLanguage;

/// <summary>The words and colours of generated scenes: shape names (singular, plural), colour names and their RGB values.</summary>
public static class SceneVocabulary
{
    public static readonly string[] ShapeNames = ["circle", "square", "triangle", "diamond", "cross"];
    public static readonly string[] ShapePlurals = ["circles", "squares", "triangles", "diamonds", "crosses"];
    public static readonly string[] ColourNames = ["red", "green", "blue", "yellow", "purple", "cyan"];

    /// <summary>RGB in [0, 1] per colour, in <see cref="ColourNames"/> order.</summary>
    public static readonly float[][] ColourRgb =
    [
        [0.86f, 0.16f, 0.16f],
        [0.16f, 0.70f, 0.24f],
        [0.20f, 0.31f, 0.90f],
        [0.90f, 0.82f, 0.16f],
        [0.59f, 0.24f, 0.78f],
        [0.16f, 0.78f, 0.82f],
    ];

    /// <summary>Background grey of every scene.</summary>
    public const float Background = 0.5f;

    public static int ShapeCount => ShapeNames.Length;
    public static int ColourCount => ColourNames.Length;

    public static string Name(SceneShape shape) => ShapeNames[(int)shape];
    public static string Plural(SceneShape shape) => ShapePlurals[(int)shape];
}

namespace FrozenLm.Data.Sqa3d;

/// <summary>
/// What generated rooms are made of: four of the point-cloud task's shape classes (<see cref="PointClouds.ShapeSurfaces"/>),
/// four colours (with their RGB), two sizes, and the room's extent.
/// </summary>
public static class RoomVocabulary
{
    public static IReadOnlyList<string> Shapes { get; } = ["sphere", "cube", "cylinder", "cone"];

    public static IReadOnlyList<(string Name, float R, float G, float B)> Colours { get; } =
    [
        ("red", 0.9f, 0.12f, 0.1f),
        ("green", 0.15f, 0.75f, 0.2f),
        ("blue", 0.12f, 0.3f, 0.9f),
        ("yellow", 0.95f, 0.85f, 0.1f),
    ];

    public const double SmallRadius = 0.09;
    public const double LargeRadius = 0.17;

    /// <summary>Object centres stay within this distance of the room's centre along x and y.</summary>
    public const double PlacementExtent = 0.8;

    /// <summary>Smallest distance between two objects' centres.</summary>
    public const double MinSeparation = 0.4;

    /// <summary>The class index in <see cref="PointClouds.ShapeSurfaces.ClassNames"/> of shape <paramref name="shape"/>.</summary>
    public static int SurfaceClass(int shape) => PointClouds.ShapeSurfaces.ClassNames.ToList().IndexOf(Shapes[shape]);

    /// <summary>"spheres", for counting questions.</summary>
    public static string Plural(int shape) => Shapes[shape] + "s";
}

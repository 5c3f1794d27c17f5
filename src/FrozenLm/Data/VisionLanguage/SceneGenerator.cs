namespace FrozenLm.Data.VisionLanguage;

/// <summary>
/// Draws random scenes: 2 to 5 objects of random shape, colour and size at random positions inside the frame. Objects
/// may overlap (occlusion), but each keeps at least half of its area visible, measured on a 64 px raster.
/// </summary>
public static class SceneGenerator
{
    public const int MinObjects = 2;
    public const int MaxObjects = 5;
    private const int CheckSize = 64;
    private const double MinVisibleFraction = 0.5;
    private const int PlacementTries = 50;

    public static Scene Generate(Random rng)
    {
        while (true)
        {
            var count = rng.Next(MinObjects, MaxObjects + 1);
            var objects = new List<SceneObject>();
            for (var i = 0; i < count; i++)
            {
                SceneObject? placed = null;
                for (var t = 0; t < PlacementTries && placed is null; t++)
                {
                    var large = rng.Next(2) == 1;
                    var r = large ? SceneObjectSizes.LargeRadius : SceneObjectSizes.SmallRadius;
                    var candidate = new SceneObject((SceneShape)rng.Next(SceneVocabulary.ShapeCount), rng.Next(SceneVocabulary.ColourCount),
                        large, r + rng.NextDouble() * (1 - 2 * r), r + rng.NextDouble() * (1 - 2 * r));
                    if (AllVisible([.. objects, candidate]))
                        placed = candidate;
                }
                if (placed is null)
                    break;
                objects.Add(placed);
            }
            if (objects.Count == count)
                return new Scene(objects);
        }
    }

    /// <summary>Whether every object of the list keeps at least half its area visible.</summary>
    public static bool AllVisible(IReadOnlyList<SceneObject> objects)
    {
        var scene = new Scene(objects);
        var owners = SceneRenderer.Owners(scene, CheckSize);
        var visible = new int[objects.Count];
        foreach (var o in owners)
            if (o >= 0)
                visible[o]++;
        for (var i = 0; i < objects.Count; i++)
            if (visible[i] < MinVisibleFraction * SceneRenderer.Area(objects[i], CheckSize))
                return false;
        return true;
    }
}

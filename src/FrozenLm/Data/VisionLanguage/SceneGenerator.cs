namespace FrozenLm.Data.VisionLanguage;

/// <summary>
/// Draws random scenes in the manner of Sort-of-CLEVR: 2 to 5 objects of random shape, colour and size, each centred
/// in its own cell of a 4 x 4 grid (jittered by up to 3% of the side), so that at 32 px in 8 px patches an object sits
/// in one patch. Large objects reach into neighbouring cells and may overlap their neighbours (occlusion); every
/// object keeps at least half of its area visible, measured on a 64 px raster.
/// </summary>
public static class SceneGenerator
{
    public const int MinObjects = 2;
    public const int MaxObjects = 5;
    public const int GridCells = 4;
    private const double Jitter = 0.03;
    private const int CheckSize = 64;
    private const double MinVisibleFraction = 0.5;

    public static Scene Generate(Random rng)
    {
        while (true)
        {
            var count = rng.Next(MinObjects, MaxObjects + 1);
            var cells = Enumerable.Range(0, GridCells * GridCells).ToArray();
            rng.Shuffle(cells);
            var objects = new List<SceneObject>();
            foreach (var cell in cells.Take(count))
            {
                var x = (cell % GridCells + 0.5) / GridCells + (rng.NextDouble() * 2 - 1) * Jitter;
                var y = (cell / GridCells + 0.5) / GridCells + (rng.NextDouble() * 2 - 1) * Jitter;
                objects.Add(new SceneObject((SceneShape)rng.Next(SceneVocabulary.ShapeCount), rng.Next(SceneVocabulary.ColourCount),
                    rng.Next(2) == 1, x, y));
            }
            if (AllVisible(objects))
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

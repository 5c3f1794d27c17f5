using FrozenLm.Runtime;

namespace FrozenLm.Data.VisionLanguage;

/// <summary>
/// The <c>shapes-captions</c> data source: generated scenes with <see cref="SceneCaptions.PerScene"/> captions each
/// (for image-text retrieval), from data seed 0 per (split, index), the same whatever seed a run trains with.
/// </summary>
public static class ShapesCaptionData
{
    public const string Name = "shapes-captions";
    private const int DataSeed = 0;

    /// <summary>Scene <paramref name="index"/> of <paramref name="split"/> and its captions.</summary>
    public static (Scene Scene, IReadOnlyList<string> Captions) Sample(string split, int index)
    {
        var rng = new Random(Seeding.Derive(DataSeed, $"{Name}/{split}/{index}"));
        var scene = SceneGenerator.Generate(rng);
        return (scene, SceneCaptions.Describe(scene, rng));
    }

    /// <summary>The first <paramref name="count"/> scenes of <paramref name="split"/> and their captions, in index order.</summary>
    public static (SceneImages Images, IReadOnlyList<IReadOnlyList<string>> Captions) Split(string split, int count)
    {
        var scenes = new Scene[count];
        var captions = new IReadOnlyList<string>[count];
        Parallel.For(0, count, i => (scenes[i], captions[i]) = Sample(split, i));
        return (new SceneImages(scenes, $"{Name}/{split}"), captions);
    }
}

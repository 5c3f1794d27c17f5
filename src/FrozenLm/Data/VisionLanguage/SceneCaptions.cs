namespace FrozenLm.Data.VisionLanguage;

/// <summary>
/// Captions describing a generated scene, five per scene as in COCO / Flickr30k: every object left to right, the
/// objects by shape with counts, the largest object and its neighbour's relation, an object list by colour, and one
/// sentence on occlusion (or the object count when nothing overlaps). Wording picks from a few synonyms with the rng.
/// </summary>
public static class SceneCaptions
{
    public const int PerScene = 5;
    private static readonly string[] Numbers = ["no", "one", "two", "three", "four", "five", "six"];
    private static readonly string[] Openers = ["a picture of", "an image showing", "a grey background with"];

    public static IReadOnlyList<string> Describe(Scene scene, Random rng)
    {
        var byX = scene.Objects.OrderBy(o => o.X).ToList();
        var captions = new List<string>
        {
            $"{Openers[rng.Next(Openers.Length)]} {Join(byX.Select(o => $"a {o.SizeName} {o.Noun}"))} from left to right",
            ShapeCounts(scene),
            RelationSentence(scene),
            $"{Numbers[scene.Objects.Count]} objects: {Join(scene.Objects.OrderBy(o => o.Colour).Select(o => $"a {o.Noun}"))}",
            OcclusionSentence(scene),
        };
        return captions;
    }

    private static string ShapeCounts(Scene scene)
    {
        var parts = scene.Objects.GroupBy(o => o.Shape).OrderBy(g => g.Key).Select(g =>
            g.Count() == 1 ? $"one {SceneVocabulary.Name(g.Key)}" : $"{Numbers[g.Count()]} {SceneVocabulary.Plural(g.Key)}");
        return $"there are {Join(parts)}";
    }

    private static string RelationSentence(Scene scene)
    {
        var big = scene.Objects.OrderByDescending(o => o.Large).ThenBy(o => o.Y).First();
        var other = scene.Objects.Where(o => !ReferenceEquals(o, big))
            .OrderBy(o => (o.X - big.X) * (o.X - big.X) + (o.Y - big.Y) * (o.Y - big.Y)).First();
        var relation = SceneQuestions.Relation(big, other) switch
        {
            "left" => "to the left of",
            "right" => "to the right of",
            "above" => "above",
            "below" => "below",
            _ => "next to",
        };
        return $"the {big.SizeName} {big.Noun} is {relation} the {other.SizeName} {other.Noun}";
    }

    private static string OcclusionSentence(Scene scene)
    {
        var owners = SceneRenderer.Owners(scene, 64);
        for (var i = 0; i < scene.Objects.Count; i++)
        {
            var visible = owners.Count(o => o == i);
            if (visible < SceneRenderer.Area(scene.Objects[i], 64))
            {
                var front = Enumerable.Range(i + 1, scene.Objects.Count - i - 1)
                    .First(j => Overlaps(scene.Objects[i], scene.Objects[j]));
                return $"the {scene.Objects[i].Noun} is partly hidden behind the {scene.Objects[front].Noun}";
            }
        }
        return $"{Numbers[scene.Objects.Count]} separate shapes on a grey background";
    }

    private static bool Overlaps(SceneObject a, SceneObject b)
    {
        for (var y = 0; y < 64; y++)
        for (var x = 0; x < 64; x++)
            if (SceneRenderer.Inside(a, (x + 0.5) / 64, (y + 0.5) / 64) && SceneRenderer.Inside(b, (x + 0.5) / 64, (y + 0.5) / 64))
                return true;
        return false;
    }

    private static string Join(IEnumerable<string> parts)
    {
        var list = parts.ToList();
        return list.Count <= 1 ? string.Concat(list) : string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1];
    }
}

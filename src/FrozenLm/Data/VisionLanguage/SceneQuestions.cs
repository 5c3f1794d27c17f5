namespace FrozenLm.Data.VisionLanguage;

/// <summary>
/// The question templates of <c>shapes-vqa</c>, one family each, and how to ask a scene a question with a chosen answer.
/// The answer is chosen first (uniformly within the family) and the question built to have it, so the answer cannot be
/// read from the question's wording: exists ("is there a red circle?": yes / no), count ("how many red objects are
/// there?" / "how many circles are there?": 0-3), colour ("what colour is the circle?", the only circle: 6 colours),
/// shape ("what shape is the red object?", the only red one: 5 shapes), spatial ("where is the red circle relative to
/// the blue square?": left / right / above / below, by the clearly dominant axis), compare ("are the red circle and the
/// blue square the same size?": yes / no).
/// </summary>
public static class SceneQuestions
{
    public static readonly string[] Count = ["0", "1", "2", "3"];
    public static readonly string[] Relations = ["left", "right", "above", "below"];
    public static readonly string[] YesNo = ["yes", "no"];

    /// <summary>The answers of <paramref name="family"/>.</summary>
    public static IReadOnlyList<string> Answers(QuestionFamily family) => family switch
    {
        QuestionFamily.Exists or QuestionFamily.Compare => YesNo,
        QuestionFamily.Count => Count,
        QuestionFamily.Colour => SceneVocabulary.ColourNames,
        QuestionFamily.Shape => SceneVocabulary.ShapeNames,
        QuestionFamily.Spatial => Relations,
        _ => throw new ArgumentOutOfRangeException(nameof(family)),
    };

    /// <summary>Lower-case family name as metrics use it (<c>acc_colour</c>).</summary>
    public static string Key(QuestionFamily family) => family.ToString().ToLowerInvariant();

    /// <summary>A question of <paramref name="family"/> about <paramref name="scene"/> whose answer is <paramref name="answer"/>, or null when the scene has none.</summary>
    public static SceneQuestion? TryAsk(Scene scene, QuestionFamily family, string answer, Random rng)
    {
        var text = family switch
        {
            QuestionFamily.Exists => AskExists(scene, answer == "yes", rng),
            QuestionFamily.Count => AskCount(scene, int.Parse(answer, System.Globalization.CultureInfo.InvariantCulture), rng),
            QuestionFamily.Colour => AskColour(scene, Array.IndexOf(SceneVocabulary.ColourNames, answer), rng),
            QuestionFamily.Shape => AskShape(scene, (SceneShape)Array.IndexOf(SceneVocabulary.ShapeNames, answer), rng),
            QuestionFamily.Spatial => AskSpatial(scene, answer, rng),
            QuestionFamily.Compare => AskCompare(scene, answer == "yes", rng),
            _ => null,
        };
        return text is null ? null : new SceneQuestion(text, answer, family);
    }

    private static string? AskExists(Scene scene, bool present, Random rng)
    {
        var pairs = AllPairs().Where(p => scene.Count(p.Colour, p.Shape) > 0 == present).ToList();
        if (pairs.Count == 0)
            return null;
        var (colour, shape) = pairs[rng.Next(pairs.Count)];
        return $"is there a {SceneVocabulary.ColourNames[colour]} {SceneVocabulary.Name(shape)}?";
    }

    private static string? AskCount(Scene scene, int count, Random rng)
    {
        var options = new List<string>();
        for (var c = 0; c < SceneVocabulary.ColourCount; c++)
            if (scene.Count(c, null) == count)
                options.Add($"how many {SceneVocabulary.ColourNames[c]} objects are there?");
        for (var s = 0; s < SceneVocabulary.ShapeCount; s++)
            if (scene.Count(null, (SceneShape)s) == count)
                options.Add($"how many {SceneVocabulary.ShapePlurals[s]} are there?");
        return options.Count == 0 ? null : options[rng.Next(options.Count)];
    }

    private static string? AskColour(Scene scene, int colour, Random rng)
    {
        var shapes = scene.Objects.Where(o => o.Colour == colour && scene.Count(null, o.Shape) == 1).Select(o => o.Shape).ToList();
        return shapes.Count == 0 ? null : $"what colour is the {SceneVocabulary.Name(shapes[rng.Next(shapes.Count)])}?";
    }

    private static string? AskShape(Scene scene, SceneShape shape, Random rng)
    {
        var colours = scene.Objects.Where(o => o.Shape == shape && scene.Count(o.Colour, null) == 1).Select(o => o.Colour).ToList();
        return colours.Count == 0 ? null : $"what shape is the {SceneVocabulary.ColourNames[colours[rng.Next(colours.Count)]]} object?";
    }

    private static string? AskSpatial(Scene scene, string relation, Random rng)
    {
        var pairs = UniquePairs(scene).Where(p => Relation(p.A, p.B) == relation).ToList();
        if (pairs.Count == 0)
            return null;
        var (a, b) = pairs[rng.Next(pairs.Count)];
        return $"where is the {a.Noun} relative to the {b.Noun}?";
    }

    private static string? AskCompare(Scene scene, bool same, Random rng)
    {
        var pairs = UniquePairs(scene).Where(p => p.A.Large == p.B.Large == same).ToList();
        if (pairs.Count == 0)
            return null;
        var (a, b) = pairs[rng.Next(pairs.Count)];
        return $"are the {a.Noun} and the {b.Noun} the same size?";
    }

    /// <summary>Where <paramref name="a"/> lies relative to <paramref name="b"/> when one axis clearly dominates (1.5x and a tenth of the frame), else null.</summary>
    public static string? Relation(SceneObject a, SceneObject b)
    {
        var dx = a.X - b.X;
        var dy = a.Y - b.Y;
        if (Math.Abs(dx) >= 1.5 * Math.Abs(dy) && Math.Abs(dx) >= 0.1)
            return dx < 0 ? "left" : "right";
        if (Math.Abs(dy) >= 1.5 * Math.Abs(dx) && Math.Abs(dy) >= 0.1)
            return dy < 0 ? "above" : "below";
        return null;
    }

    private static IEnumerable<(int Colour, SceneShape Shape)> AllPairs()
    {
        for (var c = 0; c < SceneVocabulary.ColourCount; c++)
        for (var s = 0; s < SceneVocabulary.ShapeCount; s++)
            yield return (c, (SceneShape)s);
    }

    private static IEnumerable<(SceneObject A, SceneObject B)> UniquePairs(Scene scene)
    {
        var unique = scene.Objects.Where(o => scene.Unique(o.Colour, o.Shape) is not null).ToList();
        foreach (var a in unique)
        foreach (var b in unique)
            if (!ReferenceEquals(a, b))
                yield return (a, b);
    }
}

namespace FrozenLm.Data.VisionLanguage;

/// <summary>
/// Which objects of a scene a templated question is about: those of the colour and shape it names ("the red circle"),
/// of the shape it names when it names no colour ("the circle", "how many circles"), or of the colour it names when it
/// names no shape ("the red object"). A question about an absent object refers to nothing.
/// </summary>
public static class SceneReferences
{
    /// <summary>Per pixel (row-major, size x size), 1 where the topmost object is one the question refers to, else 0.</summary>
    public static float[] Mask(Scene scene, string question, int size)
    {
        var referred = Referred(scene, question);
        return SceneRenderer.Owners(scene, size).Select(o => o >= 0 && referred[o] ? 1f : 0f).ToArray();
    }

    public static bool[] Referred(Scene scene, string question)
    {
        var words = question.ToLowerInvariant().TrimEnd('?').Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var nouns = new List<(int? Colour, SceneShape? Shape)>();
        for (var i = 0; i < words.Length; i++)
        {
            var shape = ShapeOf(words[i]);
            var colour = Array.IndexOf(SceneVocabulary.ColourNames, words[i]);
            if (shape is not null)
            {
                var before = i > 0 ? Array.IndexOf(SceneVocabulary.ColourNames, words[i - 1]) : -1;
                nouns.Add((before >= 0 ? before : null, shape));
            }
            else if (colour >= 0 && (i + 1 >= words.Length || ShapeOf(words[i + 1]) is null))
            {
                nouns.Add((colour, null));
            }
        }
        return scene.Objects.Select(o => nouns.Any(n => (n.Colour is null || n.Colour == o.Colour) && (n.Shape is null || n.Shape == o.Shape)))
            .ToArray();
    }

    private static SceneShape? ShapeOf(string word)
    {
        for (var s = 0; s < SceneVocabulary.ShapeCount; s++)
            if (word == SceneVocabulary.ShapeNames[s] || word == SceneVocabulary.ShapePlurals[s])
                return (SceneShape)s;
        return null;
    }
}

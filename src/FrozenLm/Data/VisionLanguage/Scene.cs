namespace FrozenLm.Data.VisionLanguage;

/// <summary>A generated scene: its objects in drawing order (later ones occlude earlier ones).</summary>
public sealed record Scene(IReadOnlyList<SceneObject> Objects)
{
    /// <summary>Objects of <paramref name="colour"/> and <paramref name="shape"/> (null = any).</summary>
    public int Count(int? colour, SceneShape? shape) =>
        Objects.Count(o => (colour is null || o.Colour == colour) && (shape is null || o.Shape == shape));

    /// <summary>The single object with this colour and shape, or null when there is none or more than one.</summary>
    public SceneObject? Unique(int colour, SceneShape shape)
    {
        var matches = Objects.Where(o => o.Colour == colour && o.Shape == shape).Take(2).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }
}

namespace FrozenLm.Encoders;

/// <summary>Named ViT sizes (timm/DeiT): vit-micro (the quick recipe), vit-tiny, vit-small, vit-base.</summary>
public static class VitPresets
{
    public static IReadOnlyList<string> Names { get; } = ["vit-micro", "vit-tiny", "vit-small", "vit-base"];

    /// <summary>Applies a preset's width, depth and heads to <paramref name="config"/>; other fields are kept.</summary>
    public static VitConfig Apply(string name, VitConfig config) => name.ToLowerInvariant() switch
    {
        "vit-micro" => config with { Dim = 96, Depth = 4, Heads = 3 },
        "vit-tiny" => config with { Dim = 192, Depth = 12, Heads = 3 },
        "vit-small" => config with { Dim = 384, Depth = 12, Heads = 6 },
        "vit-base" => config with { Dim = 768, Depth = 12, Heads = 12 },
        _ => throw new UserInputException("--model", $"unknown ViT preset '{name}' (known: {string.Join(", ", Names)})"),
    };
}

using FrozenLm.Encoders;

namespace FrozenLm.Tasks.VisionLanguage;

/// <summary>
/// The image side of a vision-language task held as one record: the ViT (a preset named by <see cref="Model"/>, then
/// explicit sizes; 0 = the preset's), its stochastic depth, and an optional <c>image</c> run whose ViT initialises it
/// (<see cref="InitFrom"/>, whose sizes then win).
/// </summary>
public sealed record ImageSideOptions
{
    public string Model { get; init; } = "vit-micro";
    public int Dim { get; init; }
    public int Depth { get; init; }
    public int Heads { get; init; }
    public int Patch { get; init; }
    public int ImgSize { get; init; }
    public double MlpRatio { get; init; } = 4.0;
    public double DropPath { get; init; }
    public string? InitFrom { get; init; }

    /// <summary>The ViT these options describe (RGB input); without <c>--init-from</c>'s sizes.</summary>
    public VitConfig ToVitConfig()
    {
        var config = VitPresets.Apply(Model, new VitConfig { PatchSize = 16, ImageSize = 224 });
        return config with
        {
            Dim = Dim > 0 ? Dim : config.Dim,
            Depth = Depth > 0 ? Depth : config.Depth,
            Heads = Heads > 0 ? Heads : config.Heads,
            PatchSize = Patch > 0 ? Patch : config.PatchSize,
            ImageSize = ImgSize > 0 ? ImgSize : config.ImageSize,
            MlpRatio = MlpRatio,
            Channels = 3,
            NumClasses = 2,
            DropPath = DropPath,
        };
    }

    /// <summary>These options with the sizes of <paramref name="vit"/> (the ViT actually built), for config.json.</summary>
    public ImageSideOptions As(VitConfig vit) => this with
    {
        Model = InitFrom is null ? Model : "init-from", Dim = vit.Dim, Depth = vit.Depth, Heads = vit.Heads, Patch = vit.PatchSize,
        ImgSize = vit.ImageSize, MlpRatio = vit.MlpRatio,
    };

    public void Validate()
    {
        TrainOptionsChecks.ValidateDropPath(DropPath);
        if (InitFrom is { } run && !Directory.Exists(run))
            throw new UserInputException("--init-from", $"run directory '{run}' not found");
        if (InitFrom is null)
            ToVitConfig().Validate();
    }
}

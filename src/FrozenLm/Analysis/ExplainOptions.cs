namespace FrozenLm.Analysis;

/// <summary>What <c>frozenlm explain</c> measures and on which data.</summary>
public sealed record ExplainOptions
{
    /// <summary>Data with object masks (cluttered, cluttered:SRC, or an image folder with <see cref="Masks"/>); null = the
    /// run's own data when it has masks, else <c>cluttered:</c> of it (same classes).</summary>
    public string? Data { get; init; }

    /// <summary>ImageNet-S style mask folder (MASKS/&lt;class&gt;/&lt;name&gt;.png) paired with the image folder <see cref="Data"/>.</summary>
    public string? Masks { get; init; }

    /// <summary>Images scored (a seeded random subset of the evaluation split).</summary>
    public int Images { get; init; } = 256;

    /// <summary>Rows of the overlay grid (the first scored images).</summary>
    public int OverlayRows { get; init; } = 8;

    /// <summary>Training samples whose per-sample gradients give the coherence (0 = skip it).</summary>
    public int CoherenceSamples { get; init; } = 32;

    public int BatchSize { get; init; } = 64;

    /// <summary>The values of the task's own explain flags (<see cref="Tasks.ITaskExplainer.Flags"/>).</summary>
    public Tasks.TaskCommandValues Values { get; init; } = Tasks.TaskCommandValues.None;
    public int Seed { get; init; }

    public void Validate()
    {
        if (Images < 1)
            throw new UserInputException("--images", $"must be positive, got {Images}");
        if (OverlayRows < 0)
            throw new UserInputException("--overlay-rows", $"must be >= 0, got {OverlayRows}");
        if (CoherenceSamples is < 0 or 1)
            throw new UserInputException("--coherence-samples", $"must be 0 (off) or at least 2, got {CoherenceSamples}");
        if (BatchSize < 1)
            throw new UserInputException("--batch-size", $"must be positive, got {BatchSize}");
        if (Masks is not null && Data is null)
            throw new UserInputException("--masks", "needs --data IMAGES (the image folder the masks belong to)");
    }
}

namespace FrozenLm.Data.PointClouds;

/// <summary>Training-time point-cloud augmentation; zero or false disables a step. Defaults are Point-BERT's recipe.</summary>
public sealed record PointCloudAugmentOptions
{
    /// <summary>Point-BERT's scale-and-translate: per-axis scale U(<see cref="ScaleMin"/>, <see cref="ScaleMax"/>), shift U(±<see cref="Translate"/>).</summary>
    public bool ScaleAndTranslate { get; init; } = true;
    public double ScaleMin { get; init; } = 2.0 / 3.0;
    public double ScaleMax { get; init; } = 3.0 / 2.0;
    public double Translate { get; init; } = 0.2;

    /// <summary>Uniform random rotation about the up (y) axis.</summary>
    public bool RotateUp { get; init; }

    /// <summary>PointNet++'s random input dropout: a ratio U(0, this) of points is replaced by the first point (0 = off).</summary>
    public double PointDropoutMax { get; init; }

    /// <summary>Gaussian jitter per coordinate (0 = off), clipped to ±<see cref="JitterClip"/>.</summary>
    public double Jitter { get; init; }
    public double JitterClip { get; init; } = 0.05;

    /// <summary>No augmentation at all (evaluation).</summary>
    public static PointCloudAugmentOptions None { get; } = new() { ScaleAndTranslate = false };

    /// <summary>Only the scale-and-translate step (the voting test's perturbation).</summary>
    public PointCloudAugmentOptions ForVoting() => new() { ScaleMin = ScaleMin, ScaleMax = ScaleMax, Translate = Translate };

    public bool Any => ScaleAndTranslate || RotateUp || PointDropoutMax > 0 || Jitter > 0;
}

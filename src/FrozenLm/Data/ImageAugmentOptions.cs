namespace FrozenLm.Data;

/// <summary>Training-time augmentation and normalisation settings (the DeiT recipe's knobs). Zero disables a step.</summary>
public sealed record ImageAugmentOptions
{
    /// <summary>Output size (square); images are resized to it (eval: resize, train: random resized crop when enabled).</summary>
    public int ImageSize { get; init; } = 28;

    /// <summary>Random resized crop scale range lower bound (1 = off).</summary>
    public double RandomResizedCropMinScale { get; init; } = 1.0;

    public bool HorizontalFlip { get; init; }

    /// <summary>RandAugment: number of ops per image (0 = off) and magnitude (0..10, paper: 9).</summary>
    public int RandAugmentOps { get; init; }
    public int RandAugmentMagnitude { get; init; } = 9;

    /// <summary>Mixup / cutmix Beta alphas (0 = off) and the probability a batch gets either.</summary>
    public double MixupAlpha { get; init; }
    public double CutmixAlpha { get; init; }
    public double MixProbability { get; init; } = 1.0;

    /// <summary>Random erasing probability (paper: 0.25).</summary>
    public double RandomErasing { get; init; }

    /// <summary>Per-channel normalisation; empty = computed from the training split's first samples.</summary>
    public float[] Mean { get; init; } = [];
    public float[] Std { get; init; } = [];

    /// <summary>No augmentation: resize and normalise only (evaluation).</summary>
    public ImageAugmentOptions ForEvaluation() => this with
    {
        RandomResizedCropMinScale = 1.0,
        HorizontalFlip = false,
        RandAugmentOps = 0,
        MixupAlpha = 0,
        CutmixAlpha = 0,
        RandomErasing = 0,
    };
}

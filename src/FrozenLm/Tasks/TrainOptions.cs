using FrozenLm.Data;
using FrozenLm.FrozenStage;

namespace FrozenLm.Tasks;

/// <summary>
/// Everything that determines a training run (recorded in config.json). Build one with
/// <see cref="Resolve(string, string, TrainOverrides?)"/>: the task's preset, then explicit overrides, then derived
/// values. Rates are per optimizer step; <see cref="Lr"/> is absolute (the paper's 5e-4 x batch / 512 is already applied).
/// </summary>
public sealed record TrainOptions
{
    public string Task { get; init; } = "image";
    public string Preset { get; init; } = "quick";

    /// <summary>Data source: a built-in name or a path; <see cref="DataFormat"/> forces a reader (null = detect).</summary>
    public string Data { get; init; } = "fashion-mnist-mini";
    public string? DataFormat { get; init; }

    /// <summary>Use at most this many training / evaluation samples (a seeded random subset); 0 = all.</summary>
    public int TrainLimit { get; init; }
    public int EvalLimit { get; init; }

    public int Seed { get; init; }
    public int Epochs { get; init; } = 3;
    public int BatchSize { get; init; } = 64;
    public double Lr { get; init; } = 1e-3;
    public double MinLr { get; init; } = 1e-5;
    public double WarmupLr { get; init; } = 1e-6;
    public double WarmupEpochs { get; init; }
    public double WeightDecay { get; init; } = 0.05;
    public double DropPath { get; init; }
    public double LabelSmoothing { get; init; }

    /// <summary>Global gradient-norm clip; 0 = off.</summary>
    public double ClipGrad { get; init; }

    /// <summary>Data-loading worker threads; 0 = automatic.</summary>
    public int Workers { get; init; }

    /// <summary>Encoder preset name (image: vit-micro, vit-tiny, vit-small, vit-base); the size fields below override it.</summary>
    public string Model { get; init; } = "vit-micro";
    public int Dim { get; init; }
    public int Depth { get; init; }
    public int Heads { get; init; }
    public int Patch { get; init; }
    public int ImgSize { get; init; }
    public double MlpRatio { get; init; } = 4.0;

    public LmStageOptions Lm { get; init; } = new();
    public ImageAugmentOptions Augment { get; init; } = new();

    /// <summary>Settings only the point-cloud task reads (points, groups, variant, votes, augmentation).</summary>
    public PointCloudTaskOptions PointCloud { get; init; } = new();

    /// <summary>The task's preset with <paramref name="overrides"/> applied, validated.</summary>
    public static TrainOptions Resolve(string task, string preset, TrainOverrides? overrides = null)
    {
        var definition = TaskRegistry.Get(task);
        var options = definition.Preset(preset);
        options = (overrides ?? new TrainOverrides()).ApplyTo(options);
        definition.Validate(options);
        return options;
    }
}

namespace FrozenLm.Tasks;

/// <summary>The checks every task applies to the shared part of <see cref="TrainOptions"/>, each naming its flag.</summary>
public static class TrainOptionsChecks
{
    /// <summary>Throws <see cref="UserInputException"/> for the first invalid shared setting (epochs, lr, limits, ...).</summary>
    public static void ValidateRecipe(TrainOptions o)
    {
        if (o.Epochs <= 0) throw new UserInputException("--epochs", $"must be positive, got {o.Epochs}");
        if (o.BatchSize <= 0) throw new UserInputException("--batch-size", $"must be positive, got {o.BatchSize}");
        if (!(o.Lr > 0)) throw new UserInputException("--lr", $"must be positive, got {o.Lr}");
        if (o.MinLr < 0 || o.MinLr > o.Lr) throw new UserInputException("--min-lr", $"must be in [0, lr], got {o.MinLr}");
        if (o.WarmupEpochs < 0 || o.WarmupEpochs > o.Epochs)
            throw new UserInputException("--warmup-epochs", $"must be in [0, epochs], got {o.WarmupEpochs}");
        if (o.WeightDecay < 0) throw new UserInputException("--weight-decay", $"must be >= 0, got {o.WeightDecay}");
        if (o.ClipGrad < 0) throw new UserInputException("--clip-grad", $"must be >= 0 (0 = off), got {o.ClipGrad}");
        if (o.TrainLimit < 0) throw new UserInputException("--train-limit", $"must be >= 0, got {o.TrainLimit}");
        if (o.EvalLimit < 0) throw new UserInputException("--eval-limit", $"must be >= 0, got {o.EvalLimit}");
        if (o.Workers < 0) throw new UserInputException("--workers", $"must be >= 0, got {o.Workers}");
        if (o.Lm.Layers.Any(l => l < 0)) throw new UserInputException("--lm-layers", "layer indices must be >= 0");
        if (o.ParamGroups.Rules.Any(r => !(r.LrScale > 0)))
            throw new UserInputException("--preset", "every parameter group needs a positive lr multiplier");
    }

    /// <summary>Throws <see cref="UserInputException"/> on <c>--label-smoothing</c> outside [0, 1).</summary>
    public static void ValidateLabelSmoothing(double value)
    {
        if (value is < 0 or >= 1) throw new UserInputException("--label-smoothing", $"must be in [0, 1), got {value}");
    }

    /// <summary>Throws <see cref="UserInputException"/> on <c>--drop-path</c> outside [0, 1).</summary>
    public static void ValidateDropPath(double value)
    {
        if (value is < 0 or >= 1) throw new UserInputException("--drop-path", $"must be in [0, 1), got {value}");
    }
}

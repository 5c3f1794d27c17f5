namespace FrozenLm.Comparison;

/// <summary>
/// What a comparison uses where neither the user nor the training preset decides: seeds per preset, and for the
/// quick preset a smaller data subset and fewer epochs so that the whole default comparison (4 variants x 3 seeds)
/// fits in about 6 minutes on a 2-core CPU. The same values apply to every variant.
/// </summary>
public static class CompareDefaults
{
    public const int QuickTrainLimit = 2000;
    public const int QuickEvalLimit = 2000;
    public const int QuickEpochs = 3;

    /// <summary>Seeds per variant when <c>--seeds</c> is not given.</summary>
    public static int Seeds(string preset) => preset.ToLowerInvariant() switch
    {
        "standard" => 5,
        _ => 3,
    };

    /// <summary>
    /// Fills the unset epochs and data limits of a quick image comparison (the budget was measured there); other
    /// presets and tasks keep their preset's values.
    /// </summary>
    public static CompareSettings Apply(CompareSettings settings) => settings.Preset != "quick" || settings.Task != "image"
        ? settings
        : settings with
        {
            Epochs = settings.Epochs ?? QuickEpochs,
            TrainLimit = settings.TrainLimit ?? QuickTrainLimit,
            EvalLimit = settings.EvalLimit ?? QuickEvalLimit,
        };
}

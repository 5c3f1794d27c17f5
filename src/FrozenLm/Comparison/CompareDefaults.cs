using FrozenLm.Tasks;

namespace FrozenLm.Comparison;

/// <summary>
/// What a comparison uses where neither the user nor the training preset decides: seeds per preset, and the task's
/// comparison budget for its preset (<see cref="ITaskDefinition.CompareBudget"/>: fewer epochs and a data subset, e.g.
/// for the quick image comparison). The same values apply to every variant.
/// </summary>
public static class CompareDefaults
{
    /// <summary>Seeds per variant when <c>--seeds</c> is not given.</summary>
    public static int Seeds(string preset) => preset.ToLowerInvariant() switch
    {
        "standard" => 5,
        _ => 3,
    };

    /// <summary>Fills the unset epochs and data limits from the task's budget for the preset; without one the preset's values stay.</summary>
    public static CompareSettings Apply(CompareSettings settings) =>
        TaskRegistry.Get(settings.Task).CompareBudget(settings.Preset) is not { } budget
            ? settings
            : settings with
            {
                Epochs = settings.Epochs ?? budget.Epochs,
                TrainLimit = settings.TrainLimit ?? budget.TrainLimit,
                EvalLimit = settings.EvalLimit ?? budget.EvalLimit,
            };
}

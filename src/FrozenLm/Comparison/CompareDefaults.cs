namespace FrozenLm.Comparison;

/// <summary>Per-preset defaults of a comparison that the training preset itself does not set: the number of seeds.</summary>
public static class CompareDefaults
{
    /// <summary>Seeds per variant when <c>--seeds</c> is not given.</summary>
    public static int Seeds(string preset) => preset.ToLowerInvariant() switch
    {
        "standard" => 5,
        _ => 3,
    };
}

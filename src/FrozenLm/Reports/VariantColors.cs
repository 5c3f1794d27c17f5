using FrozenLm.Comparison;

namespace FrozenLm.Reports;

/// <summary>One fixed colour per variant, shared by every plot and the HTML table so they read together.</summary>
public static class VariantColors
{
    /// <summary>The colour as "#rrggbb".</summary>
    public static string Hex(string variant) => variant switch
    {
        CompareVariants.None => "#6b7280",
        CompareVariants.Frozen => "#2563eb",
        CompareVariants.Mlp => "#ea580c",
        CompareVariants.Random => "#16a34a",
        CompareVariants.Finetune => "#9333ea",
        _ => "#111827",
    };

    public static ScottPlot.Color Plot(string variant) => ScottPlot.Color.FromHex(Hex(variant));
}

using FrozenLm.FrozenStage.Variants;

namespace FrozenLm.Reports;

/// <summary>One fixed colour per variant (from the variant table), shared by every plot and the HTML table so they read together.</summary>
public static class VariantColors
{
    /// <summary>The colour as "#rrggbb"; a variant spec such as "frozen:layers=3" takes its base variant's colour.</summary>
    public static string Hex(string variant) =>
        (StageVariants.Find(variant) ?? StageVariants.Find(variant.Split(':')[0]))?.Color ?? "#111827";

    public static ScottPlot.Color Plot(string variant) => ScottPlot.Color.FromHex(Hex(variant));
}

using FrozenLm.Tasks.PointCloud;
using System.CommandLine;
using System.Globalization;
using FrozenLm.Analysis;

namespace FrozenLm.Cli.Commands;

/// <summary>
/// <c>frozenlm explain</c>: information-filtering maps (magnitude, frequency, CLS attention) scored against object masks,
/// and gradient coherence, for one run (<c>--run</c>) or every run of a comparison (<c>--compare</c>).
/// </summary>
public sealed class ExplainCommand : ICliCommand
{
    private static readonly Option<string?> RunDir = new("--run") { Description = "A trained run directory (image or point-cloud)" };
    private static readonly Option<string?> CompareDir = new("--compare") { Description = "A 'frozenlm compare' directory: explain every run, add a section to its report.html" };
    private static readonly Option<string?> Out = new("--out") { Description = "Output folder (--run only; --compare writes DIR/explain)" };
    private static readonly Option<string?> Data = new("--data")
    {
        Description = "Images with object masks: cluttered, cluttered:SRC, or an image folder with --masks (default: the run's data if it has masks, else cluttered:<run's data>)",
    };
    private static readonly Option<string?> Masks = new("--masks") { Description = "ImageNet-S style mask folder MASKS/<class>/<name>.png for the image folder in --data" };
    private static readonly Option<int> Images = new("--images", "--samples") { Description = "Images (or point clouds) explained", DefaultValueFactory = _ => 256 };
    private static readonly Option<int> OverlayRows = new("--overlay-rows") { Description = "Rows of overlays.png (renderings.png for point clouds)", DefaultValueFactory = _ => 8 };
    private static readonly Option<int> CoherenceSamples = new("--coherence-samples") { Description = "Training samples for gradient coherence (0 = skip)", DefaultValueFactory = _ => 32 };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed of the image and sample choice", DefaultValueFactory = _ => 0 };

    public Command Build() => new("explain",
        "Information-filtering maps and gradient coherence: where the frozen LM block looks, scored against object masks")
    {
        RunDir, CompareDir, Out, Data, Masks, Images, OverlayRows, CoherenceSamples, Seed,
    };

    public int Execute(CliContext context)
    {
        var run = context.Get(RunDir);
        var compare = context.Get(CompareDir);
        if ((run is null) == (compare is null))
            throw new UserInputException("--run", "give exactly one of --run DIR or --compare DIR");
        var options = new ExplainOptions
        {
            Data = context.Get(Data),
            Masks = context.Get(Masks),
            Images = context.Get(Images),
            OverlayRows = context.Get(OverlayRows),
            CoherenceSamples = context.Get(CoherenceSamples),
            Seed = context.Get(Seed),
        };
        if (run is not null && RunExplainer.IsPointCloud(run))
            PointCloudExplainer.RejectImageOptions(options, run);
        options.Validate();
        var device = context.InitTorch();
        if (compare is not null)
        {
            if (context.Get(Out) is not null)
                throw new UserInputException("--out", "--compare writes into DIR/explain; drop --out");
            var summary = CompareExplainer.Run(compare, options, device, context.Out);
            foreach (var v in summary.Variants)
                PrintVariant(context.Out, v);
            context.Out.WriteLine($"wrote {Path.Combine(compare, CompareExplainer.Folder)} and the explain section of {Path.Combine(compare, CompareExplainer.ReportFile)}");
            return CliApp.ExitOk;
        }
        var outDir = context.Get(Out) ?? throw new UserInputException("--out", "give the output folder for --run");
        var report = RunExplainer.Run(run!, outDir, options, device, context.Out);
        if (report.Task == PointCloudClassificationTaskDefinition.TaskName)
        {
            PrintPointCloudReport(context.Out, report);
            context.Out.WriteLine($"wrote {outDir}: {FilteringExplainer.ReportFile}, {PointCloudExplainer.RenderingsFile}" +
                                  (report.Images > 0 ? ", " + FilteringExplainer.AurocBarsFile : "") +
                                  (report.GradientCoherence is null ? "" : ", " + FilteringExplainer.CoherenceFile));
            return CliApp.ExitOk;
        }
        PrintReport(context.Out, report);
        context.Out.WriteLine($"wrote {outDir}: {FilteringExplainer.ReportFile}, {FilteringExplainer.OverlayFile}, " +
                              $"{FilteringExplainer.BarsFile}, {FilteringExplainer.AurocBarsFile}" +
                              (report.GradientCoherence is null ? "" : ", " + FilteringExplainer.CoherenceFile));
        return CliApp.ExitOk;
    }

    private static void PrintReport(TextWriter o, FilteringReport r)
    {
        o.WriteLine($"data         {r.Data}: {r.Images} images scored, {r.SkippedImages} skipped (mask empty or full on the {r.Grid[0]}x{r.Grid[1]} grid)");
        o.WriteLine($"{"point",-12} {"mag mIoU",9} {"freq mIoU",9} {"mag AUROC",9} {"freq AUROC",10}");
        foreach (var (name, s) in r.Points)
            o.WriteLine($"{name,-12} {Pct(s.MagnitudeMiou),9} {Pct(s.FrequencyMiou),9} {Pct(s.MagnitudeAuroc),9} {Pct(s.FrequencyAuroc),10}");
        foreach (var (name, miou) in r.AttentionMiou)
            o.WriteLine($"{name + " attn",-12} {Pct(miou),9} {"",9} {Pct(r.AttentionAuroc.GetValueOrDefault(name)),9}");
        if (r.ObjectTokenFraction is { } f)
            o.WriteLine($"object tokens {Pct(f)} of the grid on average; a random map scores mIoU {Pct(r.ChanceMiou)} (chance level)");
        if (r.GradientCoherence is { } c)
            o.WriteLine($"gradient coherence  mean cosine {F(c.MeanCosine)} (std {F(c.StdCosine)}, range {F(c.MinCosine)}..{F(c.MaxCosine)}) over {c.Samples} samples, {c.Parameters} encoder parameters");
    }

    private static void PrintPointCloudReport(TextWriter o, FilteringReport r)
    {
        o.WriteLine($"data         {r.Data}: {r.Clouds} clouds explained, {r.Images} with outlier groups scored, {r.Grid[0]} groups per cloud");
        if (r.Unscored is not null)
        {
            o.WriteLine($"not scored: {r.Unscored}");
        }
        else
        {
            o.WriteLine($"AUROC of object groups above outlier groups (chance {Pct(r.ChanceAuroc)}); object groups {Pct(r.ObjectTokenFraction)} of each scored cloud on average");
            o.WriteLine($"{"point",-12} {"mag AUROC",9} {"freq AUROC",10}");
            foreach (var (name, s) in r.Points)
                o.WriteLine($"{name,-12} {Pct(s.MagnitudeAuroc),9} {Pct(s.FrequencyAuroc),10}");
            foreach (var (name, auroc) in r.AttentionAuroc)
                o.WriteLine($"{name + " attn",-12} {Pct(auroc),9}");
        }
        if (r.GradientCoherence is { } c)
            o.WriteLine($"gradient coherence  mean cosine {F(c.MeanCosine)} (std {F(c.StdCosine)}, range {F(c.MinCosine)}..{F(c.MaxCosine)}) over {c.Samples} samples, {c.Parameters} encoder parameters");
    }

    private static void PrintVariant(TextWriter o, VariantExplanation v)
    {
        var best = v.Points.Where(p => p.Value.MagnitudeMiou is not null).OrderByDescending(p => p.Value.MagnitudeMiou).FirstOrDefault();
        var line = $"{v.Variant,-9} {v.Runs.Count} run(s)";
        if (best.Key is not null)
            line += $", best magnitude mIoU {Pct(best.Value.MagnitudeMiou)} at {best.Key}";
        else if (v.Points.Where(p => p.Value.MagnitudeAuroc is not null).OrderByDescending(p => p.Value.MagnitudeAuroc).FirstOrDefault() is { Key: not null } auroc)
            line += $", best magnitude AUROC {Pct(auroc.Value.MagnitudeAuroc)} at {auroc.Key}";
        if (v.AttentionMiou.TryGetValue("vit", out var vit) && vit is not null)
            line += $", vit attn mIoU {Pct(vit)}";
        if (v.GradientCoherence is { } c)
            line += $", gradient coherence {F(c.MeanCosine)}";
        o.WriteLine(line);
    }

    private static string Pct(double? v) => v is { } x ? (100 * x).ToString("0.0", CultureInfo.InvariantCulture) + " %" : "n/a";

    private static string F(double v) => v.ToString("0.0000", CultureInfo.InvariantCulture);
}

using FrozenLm.Tasks.PointCloud;
using System.CommandLine;
using FrozenLm.Analysis;
using FrozenLm.Reports;

namespace FrozenLm.Cli.Commands;

/// <summary>
/// <c>frozenlm explain</c>: information-filtering maps (magnitude, frequency, CLS attention) scored against object masks,
/// and gradient coherence, for one run (<c>--run</c>) or every run of a comparison (<c>--compare</c>).
/// </summary>
public sealed class ExplainCommand : ICliCommand
{
    private static readonly Option<string?> RunDir = new("--run") { Description = "A trained run directory (of a task with an explainer: image, pointcloud)" };
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

    private readonly TaskCommandFlagBinder _taskFlags = new(d => d.Explainer?.Flags ?? []);

    public Command Build()
    {
        var command = new Command("explain",
            "Information-filtering maps and gradient coherence: where the frozen LM block looks, scored against object masks")
        {
            RunDir, CompareDir, Out, Data, Masks, Images, OverlayRows, CoherenceSamples, Seed,
        };
        _taskFlags.AddTo(command);
        return command;
    }

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
            Values = _taskFlags.Values(context.Parse),
        };
        if (run is not null)
            RunExplainer.Check(run, options);
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
        var explanation = RunExplainer.Run(run!, outDir, options, device, context.Out);
        foreach (var line in explanation.Lines)
            context.Out.WriteLine(line);
        context.Out.WriteLine($"wrote {outDir}: {string.Join(", ", explanation.Files)}");
        return CliApp.ExitOk;
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

    private static string Pct(double? v) => FilteringText.Pct(v);

    private static string F(double v) => FilteringText.Cosine(v);
}

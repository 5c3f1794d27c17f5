using System.Globalization;
using System.Text.Json;
using FrozenLm.Analysis;
using FrozenLm.IO;
using FrozenLm.Tasks;
using FrozenLm.Training;
using TorchSharp;

namespace FrozenLm.Reports;

/// <summary>
/// <c>explain --compare DIR</c>: explains every finished run DIR/&lt;variant&gt;/seed-&lt;k&gt;/ into
/// DIR/explain/&lt;variant&gt;/seed-&lt;k&gt;/, averages each variant over its seeds (DIR/explain/summary.json), draws the
/// per-variant charts, and adds an "Information filtering and gradient coherence" section to DIR/report.html.
/// </summary>
public static class CompareExplainer
{
    public const string Folder = "explain";
    public const string SummaryFile = "summary.json";
    public const string SectionName = "explain";
    public const string ReportFile = "report.html";

    /// <summary>Variant order of the comparison tables; other names follow alphabetically.</summary>
    private static readonly string[] KnownOrder = ["none", "frozen", "mlp", "random", "finetune"];

    /// <summary>The finished runs of a comparison folder: (variant, seed, run directory), in table order.</summary>
    public static IReadOnlyList<(string Variant, int Seed, string Dir)> FindRuns(string compareDir)
    {
        if (!Directory.Exists(compareDir))
            throw new UserInputException(compareDir, "comparison directory not found");
        var runs = new List<(string, int, string)>();
        foreach (var variantDir in Directory.GetDirectories(compareDir))
        {
            var variant = Path.GetFileName(variantDir);
            if (variant == Folder || variant == ReportSections.Folder)
                continue;
            foreach (var seedDir in Directory.GetDirectories(variantDir, "seed-*"))
            {
                if (!int.TryParse(Path.GetFileName(seedDir)["seed-".Length..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed))
                    continue;
                if (File.Exists(Path.Combine(seedDir, "config.json")) && File.Exists(Path.Combine(seedDir, "best.safetensors")))
                    runs.Add((variant, seed, seedDir));
            }
        }
        if (runs.Count == 0)
            throw new UserInputException(compareDir, "no trained runs found (expected DIR/<variant>/seed-<k>/config.json from frozenlm compare)");
        return runs
            .OrderBy(r => Array.IndexOf(KnownOrder, r.Item1) is var i && i >= 0 ? i : KnownOrder.Length)
            .ThenBy(r => r.Item1, StringComparer.Ordinal)
            .ThenBy(r => r.Item2)
            .ToList();
    }

    /// <summary>Explains every run and writes the summary, charts and report section; returns one entry per variant.</summary>
    public static CompareExplanation Run(string compareDir, ExplainOptions options, torch.Device device,
        TextWriter? log = null)
    {
        options.Validate();
        var runs = FindRuns(compareDir);
        var outRoot = Path.Combine(compareDir, Folder);
        var results = new List<VariantExplanation>();
        string data = "", task = "";
        ITaskExplainer? explainer = null;
        foreach (var group in runs.GroupBy(r => r.Variant))
        {
            var reports = new List<FilteringReport>();
            var names = new List<string>();
            foreach (var (variant, seed, dir) in group)
            {
                var outDir = Path.Combine(outRoot, variant, $"seed-{seed}");
                var runTask = RunConfig.Load(dir).Options.Task;
                if (task.Length > 0 && runTask != task)
                    throw new UserInputException(dir, $"is a '{runTask}' run; the comparison's other runs are '{task}' runs");
                explainer ??= RunExplainer.Check(dir, options);
                log?.WriteLine($"explaining {variant}/seed-{seed} ...");
                var report = RunExplainer.Run(dir, outDir, options, device, log).Report;
                (data, task) = (report.Data, runTask);
                reports.Add(report);
                names.Add(Path.GetRelativePath(compareDir, dir));
            }
            results.Add(VariantExplanation.Average(group.Key, names, reports));
        }
        var summary = new CompareExplanation(data, options.Images, results, task);
        AtomicFile.WriteAllText(Path.Combine(outRoot, SummaryFile), JsonSerializer.Serialize(summary, JsonOptions) + "\n");
        var chance = results.Select(v => v.ChanceMiou).OfType<double>().ToList();
        var note = explainer!.CompareNote(data, options.Images, chance.Count > 0 ? chance.Average() : null);
        var figures = ExplainSection.SaveCharts(results, outRoot);
        ReportSections.Save(compareDir, SectionName, ExplainSection.ToHtml(summary, note, figures));
        var reportPath = Path.Combine(compareDir, ReportFile);
        if (!ReportSections.Apply(compareDir, reportPath))
            log?.WriteLine($"note: {reportPath} not found; the section is in {Path.Combine(compareDir, ReportSections.Folder, SectionName + ".html")}");
        return summary;
    }

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
}

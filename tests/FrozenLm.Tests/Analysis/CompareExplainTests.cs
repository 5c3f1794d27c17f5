using FrozenLm.Analysis;
using FrozenLm.Reports;

namespace FrozenLm.Tests.Analysis;

public sealed class CompareExplainTests
{
    private static FilteringReport Report(double magnitude, double? attention, double? coherence) => new()
    {
        Images = 10,
        Points = { ["visual"] = new FilteringPointScores(magnitude, 0.2, 0.6, null) },
        AttentionMiou = attention is null ? [] : new Dictionary<string, double?> { ["vit"] = attention },
        GradientCoherence = coherence is null ? null : new GradientCoherenceResult(8, 100, coherence.Value, 0.3, -0.5, 0.9, 1.0),
    };

    [Fact]
    public void Given_the_runs_of_a_variant_When_averaged_Then_each_score_is_the_mean_over_seeds()
    {
        // magnitude mIoU (0.4 + 0.6) / 2 = 0.5; attention only in one run -> 0.3; coherence (0.1 + 0.3) / 2 = 0.2,
        // sample std over seeds sqrt(((0.1-0.2)^2 + (0.3-0.2)^2) / 1) = 0.141421; within-run std mean 0.3.
        var v = VariantExplanation.Average("frozen", ["frozen/seed-0", "frozen/seed-1"],
            [Report(0.4, 0.3, 0.1), Report(0.6, null, 0.3)]);
        Assert.Equal(0.5, v.Points["visual"].MagnitudeMiou!.Value, 12);
        Assert.Equal(0.2, v.Points["visual"].FrequencyMiou!.Value, 12);
        Assert.Null(v.Points["visual"].FrequencyAuroc);
        Assert.Equal(0.3, v.AttentionMiou["vit"]!.Value, 12);
        Assert.Equal(0.2, v.GradientCoherence!.MeanCosine, 12);
        Assert.Equal(0.141421, v.GradientCoherence.SeedStd!.Value, 6);
        Assert.Equal(0.3, v.GradientCoherence.WithinRunStd, 12);
        Assert.Equal(20, v.Images);
    }

    [Fact]
    public void Given_a_report_page_When_a_section_is_spliced_twice_Then_it_appears_once_before_the_footer()
    {
        const string page = "<html><body><main><section>a</section><footer>f</footer></main></body></html>";
        var once = ReportSections.Splice(page, "explain", "<section>x1</section>");
        var twice = ReportSections.Splice(once, "explain", "<section>x2</section>");
        Assert.DoesNotContain("x1", twice);
        Assert.Equal(1, twice.Split("<section>x2</section>").Length - 1);
        Assert.Equal(2, twice.Split("frozenlm-section:explain").Length - 1);
        Assert.True(twice.IndexOf("x2", StringComparison.Ordinal) < twice.IndexOf("<footer>", StringComparison.Ordinal));
        Assert.StartsWith("<html><body><main><section>a</section>", twice);
    }

    [Fact]
    public void Given_a_compare_dir_with_stored_sections_When_applied_Then_report_html_gets_them()
    {
        var dir = TestPaths.NewTempDir("sections");
        var report = Path.Combine(dir, "report.html");
        File.WriteAllText(report, "<main><footer>f</footer></main>");
        ReportSections.Save(dir, "explain", "<section>e</section>");
        Assert.True(ReportSections.Apply(dir, report));
        Assert.True(ReportSections.Apply(dir, report));
        var html = File.ReadAllText(report);
        Assert.Equal(1, html.Split("<section>e</section>").Length - 1);
        Assert.False(ReportSections.Apply(dir, Path.Combine(dir, "missing.html")));
        Assert.Throws<ArgumentException>(() => ReportSections.Save(dir, "../x", ""));
    }
}

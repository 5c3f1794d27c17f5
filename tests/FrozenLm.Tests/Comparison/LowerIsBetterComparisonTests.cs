using System.Text.Json;
using FrozenLm.Comparison;
using FrozenLm.Reports;

namespace FrozenLm.Tests.Comparison;

/// <summary>
/// Compare follows the task's declared metric: with a lower-is-better "mse" (no unit, scale 1) a lower value is
/// called better, in the verdict, the results.json, the Markdown and the HTML.
/// </summary>
public sealed class LowerIsBetterComparisonTests
{
    private static readonly string[] Names = ["none", "frozen", "mlp", "random"];

    // Per seed 0, 1, 2. frozen - none = -0.10, -0.09, -0.10: mean -0.0966667, s 0.0057735,
    // CI -0.0966667 ± 4.3026527 · 0.0057735 / √3 = [-0.1110088, -0.0823245] -> below 0, so frozen is better.
    // mlp - none = 0.05, 0.04, 0.06: mean 0.05, s 0.01, CI [0.0251586, 0.0748414] -> above 0, so mlp is worse.
    // random - none = -0.01, -0.02, -0.01: CI [-0.0276755, 0.0010088] contains 0.
    // frozen - mlp: CI [-0.1846125, -0.1087208]; frozen - random: CI [-0.1120177, -0.0546490]: both better.
    private static readonly Dictionary<string, double[]> Mse = new()
    {
        ["none"] = [0.50, 0.52, 0.48],
        ["frozen"] = [0.40, 0.43, 0.38],
        ["mlp"] = [0.55, 0.56, 0.54],
        ["random"] = [0.49, 0.50, 0.47],
    };

    private static ComparisonResult Result()
    {
        var task = LowerIsBetterTask.Register();
        var runs = Names.SelectMany(v => Enumerable.Range(0, 3).Select(seed =>
            ComparisonAggregatorTests.Run(v, seed, Mse[v][seed], (2.0, Mse[v][seed] + 0.2), (1.0, Mse[v][seed])))).ToList();
        return ComparisonAggregator.Aggregate(ComparisonAggregatorTests.SetupFor(task, Names), runs);
    }

    [Fact]
    public void Given_a_lower_is_better_metric_When_aggregated_Then_the_lower_value_is_called_better()
    {
        var result = Result();

        Assert.Equal(3, result.Metric.Decimals);
        var frozen = result.Variants[1];
        Assert.Equal(0.4033333, frozen.Mean, 6);
        Assert.Equal(0.0251661, frozen.Std!.Value, 6);
        Assert.Equal(-0.0966667, frozen.DeltaVsNone!.Mean, 6);
        Assert.Equal(-0.1110088, frozen.DeltaVsNone.Ci!.Low, 6);
        Assert.Equal(-0.0823245, frozen.DeltaVsNone.Ci.High, 6);
        Assert.Equal(
            [("frozen", "none", DeltaReading.Better), ("mlp", "none", DeltaReading.Worse), ("random", "none", DeltaReading.NoDifference),
             ("frozen", "mlp", DeltaReading.Better), ("frozen", "random", DeltaReading.Better)],
            result.Comparisons.Select(c => (c.Variant, c.Baseline, c.Reading)));
        Assert.Equal("The frozen LM block beats the plain encoder: -0.097 mse, 95% CI [-0.111, -0.082] (3 seeds).", result.Comparisons[0].Sentence);
        Assert.Equal("The same-size MLP is beaten by the plain encoder: +0.050 mse, 95% CI [+0.025, +0.075] (3 seeds).",
            result.Comparisons[1].Sentence);
        Assert.Equal("The random block vs the plain encoder: no difference detectable at this budget (-0.013 mse, 95% CI [-0.028, +0.001], 3 seeds).",
            result.Comparisons[2].Sentence);
        Assert.EndsWith("the gain needs the pretrained weights, not just the extra layers or trainable parameters.", result.Verdict);
    }

    [Fact]
    public void Given_a_lower_is_better_metric_When_written_Then_results_json_declares_the_metric_and_holds_its_values()
    {
        var dir = TestPaths.NewTempDir("compare-mse-json");
        ComparisonReports.Write(Result(), dir);

        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "results.json")));
        var metric = doc.RootElement.GetProperty("metric");
        Assert.Equal("mse", metric.GetProperty("name").GetString());
        Assert.Equal("", metric.GetProperty("unit").GetString());
        Assert.False(metric.GetProperty("higher_is_better").GetBoolean());
        var frozen = doc.RootElement.GetProperty("variants")[1];
        Assert.Equal("frozen", frozen.GetProperty("name").GetString());
        Assert.Equal([0.40, 0.43, 0.38], frozen.GetProperty("values").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(0.4033333, frozen.GetProperty("mean").GetDouble(), 6);
        Assert.Equal(0.0251661, frozen.GetProperty("std").GetDouble(), 6);
        Assert.Equal(-0.0966667, frozen.GetProperty("delta_vs_none_mean").GetDouble(), 6);
        Assert.Equal([-0.1110088, -0.0823245], frozen.GetProperty("delta_ci95").EnumerateArray().Select(e => Math.Round(e.GetDouble(), 7)));
        Assert.Equal((7000, 1000, 101.0), (frozen.GetProperty("params_trainable").GetInt64(), frozen.GetProperty("params_frozen").GetInt64(),
            frozen.GetProperty("samples_per_s").GetDouble()));
        Assert.False(frozen.TryGetProperty("top1", out _));
        Assert.False(frozen.TryGetProperty("images_per_s", out _));
        Assert.Equal("better", doc.RootElement.GetProperty("comparisons")[0].GetProperty("reading").GetString());
        Assert.Equal("worse", doc.RootElement.GetProperty("comparisons")[1].GetProperty("reading").GetString());
    }

    [Fact]
    public void Given_a_lower_is_better_metric_When_rendered_Then_markdown_and_html_show_its_values_and_colour_a_drop_as_better()
    {
        var dir = TestPaths.NewTempDir("compare-mse-reports");
        var html = File.ReadAllText(ComparisonReports.Write(Result(), dir));
        var md = File.ReadAllText(Path.Combine(dir, "report.md"));

        Assert.Contains("| variant | trainable params | frozen params | mse | per seed | Δ vs none [95% CI] | throughput |", md);
        Assert.Contains("| frozen | 7,000 | 1,000 | 0.403 ± 0.025 | 0.400, 0.430, 0.380 | -0.097 [-0.111, -0.082] | 101 signals/s |", md);
        Assert.Contains("| none | 5,000 | 0 | 0.500 ± 0.020 | 0.500, 0.520, 0.480 | reference | 101 signals/s |", md);
        Assert.Contains("lower is better", md);
        Assert.DoesNotContain("top-1", md);

        Assert.Contains("<section class=\"verdict good\"><div class=\"badge\">frozen vs none: better</div>", html);
        Assert.Contains("<span class=\"strong pos\">-0.097</span>", html);
        Assert.Contains("<span class=\"strong neg\">+0.050</span>", html);
        Assert.Contains("better (CI below 0; lower is better)", html);
        Assert.Contains("0.403 ± 0.025", html);
        Assert.DoesNotContain("img/s", html);
    }

    [Fact]
    public void Given_runs_of_the_task_When_compared_end_to_end_Then_stored_values_are_read_in_the_metric_and_the_lower_wins()
    {
        var task = LowerIsBetterTask.Register();
        var dir = TestPaths.NewTempDir("compare-mse-runs");
        var settings = new CompareSettings { Task = task, Variants = ["none", "frozen"], Seeds = 3, Epochs = 2 };
        var trainer = new FakeCompareTrainer { MetricKey = "mse", Scale = 1, Value = (v, seed) => Mse[v][seed] };

        var records = new CompareRunner(trainer, new RecordingObserver()).Run(settings, dir, false, default);
        var setup = CompareSetup.Describe(settings, records, new RunDescription("generated", "tiny", "minilm", "AdamW"), 1, 1, "test");
        var result = ComparisonAggregator.Aggregate(setup, records);

        Assert.Equal([0.40, 0.43, 0.38], records.Where(r => r.Variant == "frozen").Select(r => r.FinalMetric));
        Assert.Equal(0.43 - 1, records.Single(r => r is { Variant: "frozen", Seed: 1 }).Curve[0].TestMetric, 9);
        Assert.Equal("signals/s", setup.ThroughputUnit);
        Assert.Equal("test mean squared error after the last epoch", setup.MetricDescription);
        Assert.Equal(DeltaReading.Better, result.Comparisons.Single().Reading);
        Assert.StartsWith("The frozen LM block beats the plain encoder: -0.097 mse", result.Verdict);
    }
}

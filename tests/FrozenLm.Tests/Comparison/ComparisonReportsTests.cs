using System.Text.Json;
using FrozenLm.Comparison;
using FrozenLm.Reports;
using FrozenLm.Tasks;

namespace FrozenLm.Tests.Comparison;

public sealed class ComparisonReportsTests
{
    private static ComparisonResult Result(string task = "image")
    {
        var runs = new List<RunRecord>();
        double[][] top1 = [[79.0, 80.5, 80.5], [80.0, 82.0, 81.0], [79.5, 80.0, 81.5]];
        string[] names = ["none", "frozen", "mlp"];
        for (var v = 0; v < 3; v++)
            for (var seed = 0; seed < 3; seed++)
                runs.Add(ComparisonAggregatorTests.Run(names[v], seed, top1[v][seed],
                    (2.0, top1[v][seed] - 10), (1.2, top1[v][seed] - 3), (0.9, top1[v][seed])));
        return ComparisonAggregator.Aggregate(ComparisonAggregatorTests.SetupFor(task, names), runs);
    }

    [Fact]
    public void Given_a_point_cloud_comparison_When_written_Then_reports_name_overall_accuracy_and_clouds_per_second()
    {
        var dir = TestPaths.NewTempDir("compare-pc");
        ComparisonReports.Write(Result("pointcloud"), dir);
        foreach (var file in new[] { "report.md", "report.html", "results.json" })
        {
            var text = File.ReadAllText(Path.Combine(dir, file));
            Assert.Contains("overall accuracy, OA", text);
            Assert.DoesNotContain("top-1", text);
            if (file != "results.json")
            {
                Assert.Contains("clouds/s", text);
                Assert.DoesNotContain("img/s", text);
            }
        }
        var image = TestPaths.NewTempDir("compare-img");
        ComparisonReports.Write(Result(), image);
        var md = File.ReadAllText(Path.Combine(image, "report.md"));
        Assert.Contains("| top-1 |", md);
        Assert.Contains("img/s", md);
    }

    [Fact]
    public void Given_a_result_When_written_Then_results_json_has_the_documented_keys_and_values()
    {
        var dir = TestPaths.NewTempDir("compare-reports");
        ComparisonReports.Write(Result(), dir);

        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "results.json")));
        var root = doc.RootElement;
        Assert.Equal("frozenlm-compare/2", root.GetProperty("schema").GetString());
        var metric = root.GetProperty("metric");
        Assert.Equal(("top1", "%", true), (metric.GetProperty("name").GetString(), metric.GetProperty("unit").GetString(),
            metric.GetProperty("higher_is_better").GetBoolean()));
        var frozen = root.GetProperty("variants")[1];
        string[] keys = ["name", "seeds", "values", "mean", "std", "delta_vs_none_mean", "delta_ci95",
                         "params_trainable", "params_frozen", "samples_per_s", "top1", "top1_mean", "top1_std", "images_per_s"];
        foreach (var key in keys)
            Assert.True(frozen.TryGetProperty(key, out _), key);
        Assert.Equal("frozen", frozen.GetProperty("name").GetString());
        Assert.Equal([0, 1, 2], frozen.GetProperty("seeds").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([80.0, 82.0, 81.0], frozen.GetProperty("values").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal([80.0, 82.0, 81.0], frozen.GetProperty("top1").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(81.0, frozen.GetProperty("mean").GetDouble(), 10);
        Assert.Equal(1.0, frozen.GetProperty("std").GetDouble(), 10);
        Assert.Equal(81.0, frozen.GetProperty("top1_mean").GetDouble(), 10);
        Assert.Equal(101.0, frozen.GetProperty("samples_per_s").GetDouble(), 10);
        Assert.Equal(1.0, frozen.GetProperty("delta_vs_none_mean").GetDouble(), 10);
        Assert.Equal(-0.2420689, frozen.GetProperty("delta_ci95")[0].GetDouble(), 6);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("variants")[0].GetProperty("delta_ci95").ValueKind);
        Assert.Contains("no difference detectable", root.GetProperty("verdict").GetString());
        Assert.Equal("no difference detectable", root.GetProperty("comparisons")[0].GetProperty("reading").GetString());
        Assert.Equal("minilm", root.GetProperty("setup").GetProperty("lm").GetString());
    }

    [Fact]
    public void Given_a_result_When_written_Then_the_html_is_self_contained_with_embedded_pngs()
    {
        var dir = TestPaths.NewTempDir("compare-html");
        var path = ComparisonReports.Write(Result(), dir);

        var html = File.ReadAllText(path);
        Assert.DoesNotContain("http://", html);
        Assert.DoesNotContain("https://", html);
        Assert.DoesNotContain("<link", html);
        var images = html.Split("src=\"data:image/png;base64,").Skip(1).ToList();
        Assert.Equal(3, images.Count);
        foreach (var img in images)
        {
            var png = Convert.FromBase64String(img[..img.IndexOf('"')]);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
            Assert.True(png.Length > 5000, "a rendered plot, not an empty image");
        }
        Assert.Contains("81.00 ± 1.00 %", html);
        Assert.Contains("95% CI [-0.24, +2.24]", html);
        var md = File.ReadAllText(Path.Combine(dir, "report.md"));
        Assert.Contains("| frozen | 7,000 | 1,000 | 81.00 ± 1.00 % | 80.00, 82.00, 81.00 | +1.00 [-0.24, +2.24] | 101 img/s |", md);
        Assert.Empty(Directory.GetFiles(dir, "*.tmp"));
    }

    [Fact]
    public void Given_run_files_When_read_Then_corrupt_summaries_name_the_file()
    {
        var dir = TestPaths.NewTempDir("compare-corrupt");
        var top1 = TaskRegistry.Get("image").PrimaryMetric;
        File.WriteAllText(Path.Combine(dir, "summary.json"), "{\"final_top1\": 80");
        var e = Assert.Throws<UserInputException>(() => RunDirectoryReader.Read(dir, "none", 0, top1));
        Assert.Equal(Path.Combine(dir, "summary.json"), e.Subject);
        File.WriteAllText(Path.Combine(dir, "summary.json"), "{\"final_top1\": 80}");
        Assert.Equal("has no 'best_metrics' holding 'top1'",
            Assert.Throws<UserInputException>(() => RunDirectoryReader.Read(dir, "none", 0, top1)).Problem);
        File.WriteAllText(Path.Combine(dir, "summary.json"), "{\"primary_metric\": \"top1\", \"final_metrics\": {\"top5\": 0.9}}");
        Assert.Equal("has no number 'top1' in 'final_metrics'",
            Assert.Throws<UserInputException>(() => RunDirectoryReader.Read(dir, "none", 0, top1)).Problem);
        File.WriteAllText(Path.Combine(dir, "summary.json"), "{\"primary_metric\": \"oa\", \"final_metrics\": {\"oa\": 0.9}}");
        Assert.Equal("has primary metric 'oa', but the task's is 'top1'",
            Assert.Throws<UserInputException>(() => RunDirectoryReader.Read(dir, "none", 0, top1)).Problem);
    }

    [Fact]
    public void Given_a_summary_from_before_generic_metrics_When_read_Then_its_top1_and_images_per_s_are_used()
    {
        // Runs finished before summary.json had final_metrics / samples_per_s stay reusable.
        var dir = TestPaths.NewTempDir("compare-legacy");
        File.WriteAllText(Path.Combine(dir, "summary.json"),
            "{\"final_top1\": 0.805, \"best_top1\": 0.81, \"params_trainable\": 5, \"params_frozen\": 0, \"images_per_s\": 120, \"epochs\": 2}");
        File.WriteAllText(Path.Combine(dir, "metrics.jsonl"), "{\"epoch\":1,\"loss\":2.0,\"top1\":0.7}\n{\"epoch\":2,\"loss\":1.0,\"top1\":0.805}\n");
        var r = RunDirectoryReader.Read(dir, "none", 0, TaskRegistry.Get("image").PrimaryMetric);
        Assert.Equal((80.5, 81.0, 120.0), (r.FinalMetric, r.BestMetric, r.SamplesPerSecond));
        Assert.Equal([70.0, 80.5], r.Curve.Select(c => Math.Round(c.TestMetric, 9)));
    }
}

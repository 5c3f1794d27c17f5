using System.Text.Json;
using FrozenLm.Benchmarks;
using FrozenLm.Tests.Cli;
using FrozenLm.Tests.Training;

namespace FrozenLm.Tests.Benchmarks;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class BenchCommandTests
{
    [Fact]
    public void Given_a_tiny_image_model_When_benched_with_json_Then_every_figure_is_written_and_consistent()
    {
        var data = TinyImageData.WriteIdx(TestPaths.NewTempDir("bench-data"), train: 32, test: 16);
        var json = Path.Combine(TestPaths.NewTempDir("bench-out"), "bench.json");

        var (code, output, err) = CliRunner.Run("bench", "--data", data, "--batch-size", "8", "--steps", "2", "--windows", "2",
            "--warmup", "1", "--matmul-size", "128", "--json", json, "--threads", "1");
        Runtime.TorchRuntimeReset.AllCores();

        Assert.True(code == 0, err);
        Assert.Contains("of the matmul rate", output);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(json));
        var r = doc.RootElement;
        foreach (var key in new[] { "samples_per_s", "gflops_per_sample", "achieved_gflops", "matmul_gflops", "ratio_to_matmul",
                     "loader_samples_per_s", "peak_rss_mib", "eval_samples_per_s" })
            Assert.True(r.GetProperty(key).GetDouble() > 0, key);
        Assert.Equal("image", r.GetProperty("task").GetString());
        Assert.Equal(8, r.GetProperty("batch_size").GetInt32());
        var achieved = r.GetProperty("samples_per_s").GetDouble() * r.GetProperty("train_gflops_per_sample").GetDouble();
        Assert.Equal(achieved, r.GetProperty("achieved_gflops").GetDouble(), 0.01 * achieved + 1e-3);
        Assert.Equal(r.GetProperty("achieved_gflops").GetDouble() / r.GetProperty("matmul_gflops").GetDouble(),
            r.GetProperty("ratio_to_matmul").GetDouble(), 1e-3);
    }

    [Theory]
    [InlineData("--steps", "0")]
    [InlineData("--windows", "-1")]
    [InlineData("--matmul-size", "0")]
    public void Given_a_bad_count_When_benched_Then_one_line_names_the_flag(string flag, string value)
    {
        var (code, _, err) = CliRunner.Run("bench", flag, value);
        Assert.Equal(2, code);
        Assert.StartsWith($"error: {flag}: must be at least 1", err.Trim());
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void Given_values_When_the_median_is_taken_Then_odd_and_even_counts_follow_the_definition()
    {
        Assert.Equal(3, MatmulRate.Median([5, 1, 3]));
        Assert.Equal(2.5, MatmulRate.Median([4, 1, 3, 2]));
        Assert.True(double.IsNaN(MatmulRate.Median([])));
    }
}

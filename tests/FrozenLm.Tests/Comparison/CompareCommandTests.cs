using System.Text.Json;
using FrozenLm.Tests.Cli;
using FrozenLm.Tests.Training;

namespace FrozenLm.Tests.Comparison;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class CompareCommandTests
{
    [Theory]
    [InlineData("--seeds", "0", "error: --seeds: must be at least 1, got 0")]
    [InlineData("--variants", "none,lora", "error: --variants: unknown variant 'lora'; choose from none, frozen, mlp, random, finetune")]
    [InlineData("--variants", "frozen,frozen", "error: --variants: variant 'frozen' is listed twice")]
    [InlineData("--variants", "none,frozen:depth=3", "error: --variants: unknown option 'depth' in 'frozen:depth=3'; options: layers=I+J, position=tail|middle|head, residual, lm=SOURCE")]
    [InlineData("--variants", "none:layers=3,frozen", "error: --variants: 'none:layers=3': the plain encoder 'none' takes no options")]
    [InlineData("--variants", "none,frozen:position=left", "error: --variants: unknown position 'left' in 'frozen:position=left'; choose from tail, middle, head")]
    [InlineData("--lm-layers", "4,x", "error: --lm-layers: 'x' is not a layer index (a non-negative integer)")]
    [InlineData("--epochs", "0", "error: --epochs: must be at least 1, got 0")]
    public void Given_a_bad_flag_When_compare_Then_exit_2_with_one_line_naming_it(string flag, string value, string expected)
    {
        var dir = TestPaths.NewTempDir("compare-cli-bad");
        var (code, _, err) = CliRunner.Run("compare", flag, value, "--out", dir);
        Assert.Equal(2, code);
        Assert.Equal(expected, err.Trim());
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public void Given_an_unknown_preset_When_compare_Then_it_fails_before_training()
    {
        var dir = TestPaths.NewTempDir("compare-cli-preset");
        var (code, _, err) = CliRunner.Run("compare", "--preset", "huge", "--out", dir, "--threads", "1");
        Runtime.TorchRuntimeReset.AllCores();
        Assert.Equal(2, code);
        Assert.StartsWith("error: --preset:", err.Trim());
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public void Given_a_spec_asking_for_a_layer_the_lm_lacks_When_compare_Then_it_fails_before_training()
    {
        var dir = TestPaths.NewTempDir("compare-cli-layer");
        var (code, _, err) = CliRunner.Run("compare", "--variants", "none,frozen:layers=9", "--out", dir, "--threads", "1");
        Runtime.TorchRuntimeReset.AllCores();
        Assert.Equal(2, code);
        Assert.Equal("error: --variants: 'frozen:layers=9': layer 9 does not exist in minilm, which has 6 layers (0..5)", err.Trim());
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public void Given_the_real_trainer_When_compare_runs_twice_Then_it_writes_the_reports_and_the_second_run_retrains_nothing()
    {
        var data = TinyImageData.WriteIdx(TestPaths.NewTempDir("compare-cli-data"), train: 48, test: 16);
        var dir = TestPaths.NewTempDir("compare-cli-e2e");
        string[] args = ["compare", "--data", data, "--variants", "none,frozen:position=middle:layers=3", "--seeds", "2", "--epochs", "1",
                         "--batch-size", "16", "--out", dir, "--threads", "1"];

        var (code, output, err) = CliRunner.Run(args);
        Assert.True(code == 0, err);
        Assert.Equal(4, output.Split('\n').Count(l => l.Contains(": training")));
        if (Environment.ProcessorCount >= 2)
            Assert.Contains($"{Math.Min(4, Environment.ProcessorCount)} runs at a time x 1 threads", output);
        foreach (var file in new[] { "results.json", "report.md", "report.html" })
            Assert.True(File.Exists(Path.Combine(dir, file)), file);
        using (var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "results.json"))))
        {
            var frozen = doc.RootElement.GetProperty("variants")[1];
            Assert.Equal("frozen:layers=3:position=middle", frozen.GetProperty("name").GetString());
            Assert.Equal(2, frozen.GetProperty("values").GetArrayLength());
            Assert.Equal(2, frozen.GetProperty("top1").GetArrayLength());
            Assert.Equal("top1", doc.RootElement.GetProperty("metric").GetProperty("name").GetString());
            Assert.True(frozen.GetProperty("params_frozen").GetInt64() > 0);
            Assert.Equal(0, doc.RootElement.GetProperty("variants")[0].GetProperty("params_frozen").GetInt64());
        }
        // The spec's options reached the trainer: the run's config records the stage it asked for.
        using (var config = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "frozen_layers-3_position-middle", "seed-1", "config.json"))))
        {
            var lm = config.RootElement.GetProperty("options").GetProperty("lm");
            Assert.Equal("middle", lm.GetProperty("position").GetString());
            Assert.Equal([3], config.RootElement.GetProperty("lm").GetProperty("layers").EnumerateArray().Select(e => e.GetInt32()));
        }

        var (again, output2, _) = CliRunner.Run(args);
        Runtime.TorchRuntimeReset.AllCores();
        Assert.Equal(0, again);
        Assert.Equal(4, output2.Split('\n').Count(l => l.Contains("finished earlier, reused")));
        Assert.DoesNotContain(": training", output2);
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using FrozenLm.Analysis;
using FrozenLm.Tests.Cli;
using FrozenLm.Training;

namespace FrozenLm.Tests.Tasks.Signals;

/// <summary>
/// A task that exists only in the test project (regression, lower-is-better MSE) goes through train, eval, predict,
/// explain and compare by the generic paths: the task registry and its hooks, no edit in src/.
/// </summary>
[Collection(Runtime.RuntimeCollection.Name)]
public sealed class SignalsTaskTests(SignalsFixture run) : IClassFixture<SignalsFixture>
{
    [Fact]
    public void Given_the_signals_task_When_trained_Then_the_summary_and_config_carry_its_lower_is_better_metric()
    {
        Assert.Equal("signals", run.Summary.Task);
        Assert.Equal("mse", run.Summary.PrimaryMetric);
        Assert.Equal(["mae", "mse"], run.Summary.FinalMetrics.Keys.Order());
        Assert.InRange(run.Summary.FinalPrimary, 1e-6, 10);
        Assert.True(run.Summary.ParamsFrozen > 0, "the frozen minilm block counts as frozen parameters");
        var config = RunConfig.Load(run.RunDir);
        Assert.Equal("signals", config.Options.Task);
        Assert.Equal([5], config.Options.Lm.Layers);
        Assert.True(File.Exists(Path.Combine(run.RunDir, RunFiles.BestWeights)));
    }

    [Fact]
    public void Given_a_signals_run_When_evaluated_on_its_last_weights_Then_eval_json_repeats_the_final_mse()
    {
        var (code, output, err) = CliRunner.Run("eval", "--run", run.RunDir, "--last", "--threads", "1");

        Assert.True(code == 0, err);
        Assert.Contains("MSE", output);
        Assert.Contains("errors.png", output);
        var eval = JsonNode.Parse(File.ReadAllText(Path.Combine(run.RunDir, TrainedRun.EvalFile)))!.AsObject();
        Assert.Equal(32, eval["samples"]!.GetValue<int>());
        Assert.Equal(2, eval["weights_epoch"]!.GetValue<int>());
        // The trainer sums float32 squared errors per batch; the evaluator averages in double: 1e-5 covers both roundings.
        Assert.Equal(run.Summary.FinalMetrics["mse"], eval["mse"]!.GetValue<double>(), 1e-5);
        Assert.Equal(run.Summary.FinalMetrics["mae"], eval["mae"]!.GetValue<double>(), 1e-5);
        Assert.True(File.Exists(Path.Combine(run.RunDir, SignalsEvaluator.ErrorsFile)));
    }

    [Fact]
    public void Given_a_test_signal_as_a_file_When_predicted_Then_text_and_json_give_the_evaluator_s_prediction()
    {
        Assert.Equal(0, CliRunner.Run("eval", "--run", run.RunDir, "--threads", "1").Code);
        var worst = JsonNode.Parse(File.ReadAllText(Path.Combine(run.RunDir, TrainedRun.EvalFile)))!["worst"]![0]!;
        var index = worst["index"]!.GetValue<int>();
        var data = SignalsData.Generate("bumps/test", SignalsOptions.EvalCount, SignalsOptions.EvalDataSeed);
        var file = Path.Combine(TestPaths.NewTempDir("signals-predict"), "signal.txt");
        File.WriteAllText(file, string.Join(" ", data.Signal(index).ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture))));

        var (code, output, err) = CliRunner.Run("predict", "--run", run.RunDir, "--json", "--threads", "1", file);
        var (textCode, text, _) = CliRunner.Run("predict", "--run", run.RunDir, "--threads", "1", file);

        Assert.True(code == 0, err);
        var entry = Assert.Single(JsonNode.Parse(output)!.AsArray())!;
        Assert.Equal(file, entry["input"]!.GetValue<string>());
        var amplitude = entry["amplitude"]!.GetValue<double>();
        Assert.Equal(worst["predicted"]!.GetValue<double>(), amplitude, 1e-5);
        Assert.Equal(0, textCode);
        Assert.Equal($"{file}: amplitude {amplitude.ToString("F4", CultureInfo.InvariantCulture)}", text.Trim());

        var (gainCode, gained, gainErr) = CliRunner.Run("predict", "--run", run.RunDir, "--json", "--threads", "1",
            SignalsPredictor.GainFlag, "2.5", file);
        Assert.True(gainCode == 0, gainErr);
        Assert.Equal(2.5 * amplitude, JsonNode.Parse(gained)![0]!["amplitude"]!.GetValue<double>(), 1e-6);
        var (badCode, _, badErr) = CliRunner.Run("predict", "--run", run.RunDir, SignalsPredictor.GainFlag, "x", file);
        Assert.Equal(2, badCode);
        Assert.Equal("error: --gain: 'x' is not a number", badErr.Trim());
    }

    [Fact]
    public void Given_a_malformed_signal_file_When_predicted_Then_one_line_names_the_file_and_exit_2()
    {
        var file = Path.Combine(TestPaths.NewTempDir("signals-bad"), "short.txt");
        File.WriteAllText(file, string.Join(",", Enumerable.Repeat("0.5", 31)));

        var (code, _, err) = CliRunner.Run("predict", "--run", run.RunDir, file);
        var (missingCode, _, missingErr) = CliRunner.Run("predict", "--run", run.RunDir, file + ".none");

        Assert.Equal(2, code);
        Assert.Equal($"error: {file}: has 31 samples, a signal has 32", err.Trim());
        Assert.Equal(2, missingCode);
        Assert.Equal($"error: {file}.none: signal file not found", missingErr.Trim());
    }

    [Fact]
    public void Given_a_signals_run_When_explained_Then_every_capture_point_is_scored_against_the_bump_tokens()
    {
        var outDir = Path.Combine(TestPaths.NewTempDir("signals-explain"), "out");

        var (code, output, err) = CliRunner.Run("explain", "--run", run.RunDir, "--out", outDir, "--images", "16",
            "--coherence-samples", "4", "--threads", "1");
        var (maskCode, _, maskErr) = CliRunner.Run("explain", "--run", run.RunDir, "--out", outDir, "--masks", "m", "--data", "d");

        Assert.True(code == 0, err);
        var report = FilteringReport.Load(Path.Combine(outDir, ExplainFiles.Report));
        Assert.Equal("signals", report.Task);
        Assert.Equal(16, report.Images);
        Assert.Equal([8, 1], report.Grid);
        Assert.Equal(["lm_attn", "lm_ffn", "mapper_in", "mapper_out", "visual"], report.Points.Keys.Order());
        foreach (var s in report.Points.Values)
        {
            Assert.InRange(s.MagnitudeMiou!.Value, 0, 1);
            Assert.InRange(s.MagnitudeAuroc!.Value, 0, 1);
        }
        Assert.Equal(4, report.GradientCoherence!.Samples);
        Assert.True(File.Exists(Path.Combine(outDir, ExplainFiles.Coherence)));
        Assert.Contains("gradient coherence", output);
        Assert.Contains($"wrote {outDir}: {ExplainFiles.Report}, {ExplainFiles.Coherence}", output);
        Assert.Equal(2, maskCode);
        Assert.StartsWith("error: --masks: object masks are for image runs", maskErr.Trim());
        Assert.Single(maskErr.Trim().Split('\n'));
    }

    [Fact]
    public void Given_a_task_without_hooks_When_eval_predict_or_explain_run_Then_one_line_says_so_and_exit_2()
    {
        var copy = Path.Combine(TestPaths.NewTempDir("signals-bare"), "run");
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(run.RunDir))
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        var config = Path.Combine(copy, RunFiles.Config);
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"task\": \"signals\"", $"\"task\": \"{SignalsFixture.BareTask}\""));
        var input = Path.Combine(copy, "config.json");

        foreach (var (command, args) in new[]
                 {
                     ("eval", new[] { "eval", "--run", copy }),
                     ("predict", new[] { "predict", "--run", copy, input }),
                     ("explain", new[] { "explain", "--run", copy, "--out", Path.Combine(copy, "x") }),
                 })
        {
            var (code, _, err) = CliRunner.Run(args);
            Assert.Equal(2, code);
            Assert.Equal($"error: {copy}: the '{SignalsFixture.BareTask}' task does not support {command}", err.Trim());
        }
    }

    [Fact]
    public void Given_a_signals_comparison_When_run_with_the_real_backend_Then_every_variant_and_seed_has_a_record_and_a_report()
    {
        Assert.Equal(["none/0", "frozen/0", "none/1", "frozen/1"], run.Records.Select(r => $"{r.Variant}/{r.Seed}"));
        foreach (var r in run.Records)
        {
            var summary = TrainingRunner.ReadSummary(Path.Combine(run.CompareDir, r.Variant, $"seed-{r.Seed}"));
            Assert.Equal("mse", summary.PrimaryMetric);
            Assert.Equal(1, summary.Epochs);
            Assert.Equal(r.Variant == "none", summary.ParamsFrozen == 0);
        }
        Assert.Equal(["none", "frozen"], run.Result.Variants.Select(v => v.Name));
        var pair = Assert.Single(run.Result.Comparisons);
        Assert.Equal(("frozen", "none", 2), (pair.Variant, pair.Baseline, pair.Difference.N));
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.CompareDir, "results.json")));
        Assert.Equal(JsonValueKind.Object, results.RootElement.ValueKind);
    }

    [Fact]
    public void Given_a_signals_comparison_When_reported_Then_the_lower_mse_is_called_better()
    {
        var summary = TrainingRunner.ReadSummary(run.RunDir);
        Assert.False(summary.PrimaryHigherIsBetter);
        var epochs = File.ReadLines(Path.Combine(run.RunDir, RunFiles.Metrics)).Where(l => l.Length > 0)
            .Select(l => JsonNode.Parse(l)!["mse"]!.GetValue<double>()).ToList();
        Assert.Equal(epochs.Min(), summary.BestMetrics["mse"]);
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.CompareDir, "results.json")));
        var metric = results.RootElement.GetProperty("metric");
        Assert.Equal("mse", metric.GetProperty("name").GetString());
        Assert.False(metric.GetProperty("higher_is_better").GetBoolean());
        var pair = Assert.Single(run.Result.Comparisons);
        // frozen - none < 0 means frozen has the lower MSE: the sentence must call it better, and worse the other way.
        if (pair.Difference.Ci is { BelowZero: true })
            Assert.Contains("beats", pair.Sentence);
        else if (pair.Difference.Ci is { AboveZero: true })
            Assert.Contains("is beaten by", pair.Sentence);
        else
            Assert.Contains("no difference", pair.Sentence);
    }

    [Fact]
    public void Given_a_signals_comparison_When_explained_Then_the_report_gets_the_task_s_section()
    {
        var (code, output, err) = CliRunner.Run("explain", "--compare", run.CompareDir, "--images", "8",
            "--coherence-samples", "2", "--threads", "1");

        Assert.True(code == 0, err);
        Assert.Contains("frozen", output);
        using var summary = JsonDocument.Parse(File.ReadAllText(Path.Combine(run.CompareDir, "explain", "summary.json")));
        Assert.Equal("signals", summary.RootElement.GetProperty("task").GetString());
        Assert.Equal(["none", "frozen"], summary.RootElement.GetProperty("variants").EnumerateArray().Select(v => v.GetProperty("variant").GetString()));
        var html = File.ReadAllText(Path.Combine(run.CompareDir, "report.html"));
        Assert.Contains("Information filtering and gradient coherence", html);
        Assert.Contains("test signals per run", html);
    }
}

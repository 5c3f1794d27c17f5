using System.Text.Json;
using FrozenLm.Comparison;
using FrozenLm.FrozenStage;
using FrozenLm.Reports;
using FrozenLm.Tasks;

namespace FrozenLm.Tests.Comparison;

public sealed class VariantSpecCompareTests
{
    private static readonly string[] Specs = ["none", "frozen", "frozen:layers=3", "frozen:position=middle"];

    [Fact]
    public void Given_four_specs_When_compared_with_the_fake_trainer_Then_every_report_has_four_rows_in_safe_run_dirs()
    {
        var dir = TestPaths.NewTempDir("compare-specs");
        var settings = new CompareSettings
        {
            Variants = CompareVariants.Parse(string.Join(",", Specs), "--variants"), Seeds = 2, Epochs = 2,
        };
        var trainer = new FakeCompareTrainer
        {
            Value = (v, seed) => v switch { "none" => 80 + seed, "frozen" => 81 + seed, "frozen:layers=3" => 82 + seed, _ => 79.5 + seed },
        };

        var records = new CompareRunner(trainer, new RecordingObserver()).Run(settings, dir, false, default);
        var setup = CompareSetup.Describe(settings, records, new RunDescription("d", "m", "l", "t"), 1, 1, "test");
        var result = ComparisonAggregator.Aggregate(setup, records);
        ComparisonReports.Write(result, dir);

        foreach (var sub in new[] { "none", "frozen", "frozen_layers-3", "frozen_position-middle" })
            for (var seed = 0; seed < 2; seed++)
                Assert.True(File.Exists(Path.Combine(dir, sub, $"seed-{seed}", "summary.json")), $"{sub}/seed-{seed}");
        Assert.Equal("frozen:layers=3", CompareRunner.RecordedVariant(Path.Combine(dir, "frozen_layers-3", "seed-1")));
        Assert.Equal("none", CompareRunner.RecordedVariant(Path.Combine(dir, "none", "seed-0")));
        Assert.Null(CompareRunner.RecordedVariant(dir));
        Assert.Equal(Specs, result.Variants.Select(v => v.Name));
        Assert.Null(result.Variants[0].DeltaVsNone);
        Assert.Equal([1.0, 2.0, -0.5], result.Variants.Skip(1).Select(v => Math.Round(v.DeltaVsNone!.Mean, 9)));
        Assert.Equal(Specs.Skip(1).Select(s => (s, "none")), result.Comparisons.Select(c => (c.Variant, c.Baseline)));
        Assert.StartsWith("The frozen LM block (layers=3) beats the plain encoder: +2.00 points top-1", result.Comparisons[1].Sentence);

        using (var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(dir, "results.json"))))
        {
            var rows = doc.RootElement.GetProperty("variants").EnumerateArray().ToList();
            Assert.Equal(Specs, rows.Select(r => r.GetProperty("name").GetString()));
            Assert.Equal(["none", "frozen", "frozen_layers-3", "frozen_position-middle"], rows.Select(r => r.GetProperty("dir").GetString()));
            Assert.Equal(2.0, rows[2].GetProperty("delta_vs_none_mean").GetDouble(), 9);
        }
        var md = File.ReadAllText(Path.Combine(dir, "report.md"));
        foreach (var spec in Specs)
            Assert.Contains($"| {spec} | ", md);
        Assert.Contains("| frozen:layers=3 | 7,000 | 1,000 | 82.50 ± 0.71 % | 82.00, 83.00 | +2.00 [+2.00, +2.00] | 100 img/s |", md);
        var html = File.ReadAllText(Path.Combine(dir, "report.html"));
        var dots = html.Split("<span class=\"dot\" style=\"background:").Skip(1).Select(s => s[..7]).ToList();
        Assert.Equal(4, dots.Count);
        Assert.Equal(4, dots.Distinct().Count());
        Assert.Contains("<b>frozen:position=middle</b><div class=\"desc\">", html);
        Assert.Contains("stage at the middle", html);
    }

    [Fact]
    public void Given_specs_When_the_real_backend_resolves_their_options_Then_each_gets_the_stage_it_asks_for_and_the_shared_recipe()
    {
        var settings = new CompareSettings
        {
            Variants = ["none", "frozen", "random:layers=5", "frozen:layers=4+5:position=middle:residual:lm=arctic-xs"],
            Seeds = 2, Epochs = 1, BatchSize = 16, Lm = "minilm",
        };
        TrainOptions Options(string variant, int seed) => TrainerCompareBackend.Options(new CompareRunRequest(settings, variant, seed));
        var preset = TrainOptions.Resolve("image", "quick");

        var plain = Options("frozen", 1);
        Assert.Equal((1, 1, 16), (plain.Seed, plain.Epochs, plain.BatchSize));
        Assert.Equal(Json(preset.Lm with { Mode = LmStageMode.Frozen, Source = "minilm" }), Json(plain.Lm));
        Assert.Equal(LmStageMode.None, Options("none", 0).Lm.Mode);
        var random = Options("random:layers=5", 0).Lm;
        Assert.Equal(LmStageMode.Random, random.Mode);
        Assert.Equal([5], random.Layers);

        var spec = Options("frozen:layers=4+5:position=middle:residual:lm=arctic-xs", 1);
        Assert.Equal((1, 1, 16), (spec.Seed, spec.Epochs, spec.BatchSize));
        Assert.Equal(LmStageMode.Frozen, spec.Lm.Mode);
        Assert.Equal([4, 5], spec.Lm.Layers);
        Assert.Equal(LmStagePosition.Middle, spec.Lm.Position);
        Assert.True(spec.Lm.Residual);
        Assert.Equal("arctic-xs", spec.Lm.Source);
        Assert.Equal(Json(plain with { Lm = spec.Lm }), Json(spec));
    }

    [Fact]
    public void Given_a_comparison_folder_with_spec_rows_When_explain_finds_its_runs_Then_rows_are_named_by_spec_in_table_order()
    {
        var dir = TestPaths.NewTempDir("compare-specs-explain");
        var settings = new CompareSettings { Variants = ["none", "frozen:layers=3", "mlp"], Seeds = 1, Epochs = 1 };
        new CompareRunner(new FakeCompareTrainer(), new RecordingObserver()).Run(settings, dir, false, default);
        foreach (var variant in settings.Variants)
            File.WriteAllText(Path.Combine(CompareRunner.RunDirectory(dir, variant, 0), "best.safetensors"), "");

        var runs = CompareExplainer.FindRuns(dir);

        Assert.Equal(["none", "frozen:layers=3", "mlp"], runs.Select(r => r.Variant));
        Assert.Equal(Path.Combine(dir, "frozen_layers-3", "seed-0"), runs[1].Dir);
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value);

    [Fact]
    public void Given_a_spec_asking_for_a_missing_layer_or_lm_When_validated_Then_it_fails_naming_the_spec_before_training()
    {
        var backend = new TrainerCompareBackend(TorchSharp.torch.CPU);
        var layer = Assert.Throws<UserInputException>(() =>
            backend.Validate(new CompareSettings { Variants = ["none", "frozen:layers=9"], Seeds = 1 }));
        Assert.Equal("--variants", layer.Subject);
        Assert.Equal("'frozen:layers=9': layer 9 does not exist in minilm, which has 6 layers (0..5)", layer.Problem);

        var lm = Assert.Throws<UserInputException>(() =>
            backend.Validate(new CompareSettings { Variants = ["frozen:lm=no-such-lm-dir"], Seeds = 1 }));
        Assert.Equal("--variants", lm.Subject);
        Assert.StartsWith("'frozen:lm=no-such-lm-dir': no-such-lm-dir: ", lm.Problem);

        var global = Assert.Throws<UserInputException>(() =>
            backend.Validate(new CompareSettings { Variants = ["frozen"], LmLayers = [7], Seeds = 1 }));
        Assert.Equal(("--lm-layers", "layer 7 does not exist in minilm, which has 6 layers (0..5)"), (global.Subject, global.Problem));
        var other = Assert.Throws<UserInputException>(() =>
            backend.Validate(new CompareSettings { Variants = ["frozen:lm=arctic-xs"], LmLayers = [7], Seeds = 1 }));
        Assert.Equal(("--variants", "'frozen:lm=arctic-xs': layer 7 does not exist in arctic-xs, which has 6 layers (0..5)"),
            (other.Subject, other.Problem));

        backend.Validate(new CompareSettings { Variants = ["none", "frozen:layers=5", "mlp:lm=arctic-xs"], Seeds = 1 });
    }
}

using FrozenLm.Tasks.Image;
using System.Text.Json.Nodes;
using FrozenLm.FrozenStage;
using FrozenLm.Tasks;
using FrozenLm.Tensors;
using FrozenLm.Tests.Models;
using FrozenLm.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tests.Training;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class TrainingRunTests
{
    private sealed class Recorder : ITrainingObserver
    {
        public List<EpochMetrics> Epochs { get; } = [];
        public Action<EpochMetrics>? OnEpoch { get; init; }

        public void EpochFinished(EpochMetrics metrics)
        {
            Epochs.Add(metrics);
            OnEpoch?.Invoke(metrics);
        }
    }

    [Fact]
    public void Given_a_frozen_minilm_stage_When_trained_Then_frozen_weights_are_bit_identical_and_trainable_ones_moved()
    {
        var data = TinyImageData.WriteIdx(TestPaths.NewTempDir("frozen-data"));
        var dir = TestPaths.NewTempDir("frozen-run");
        using var task = new ImageClassificationTask(TinyRuns.Options(data, LmStageMode.Frozen), torch.CPU);
        var before = task.Model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        var summary = new Trainer(task, TaskRegistry.Get(task.Name), dir, new Recorder()).Fit(resume: false, _ => { }, CancellationToken.None);
        var frozen = 0;
        var moved = 0;
        foreach (var (name, p) in task.Model.named_parameters())
        {
            if (!p.requires_grad)
            {
                frozen++;
                Assert.True(TensorAssert.Identical(before[name], p), $"frozen {name} changed");
            }
            else if (!TensorAssert.Identical(before[name], p))
            {
                moved++;
            }
        }
        Assert.True(frozen >= 10, $"only {frozen} frozen tensors");
        Assert.Equal(task.Model.named_parameters().Count(p => p.parameter.requires_grad), moved);
        Assert.Equal(1_774_464, summary.ParamsFrozen);
    }

    [Fact]
    public void Given_a_tiny_run_When_trained_Then_every_run_file_is_written_and_parseable()
    {
        var data = TinyImageData.WriteIdx(TestPaths.NewTempDir("files-data"));
        var dir = Path.Combine(TestPaths.NewTempDir("files-run"), "run");
        var summary = TrainingRunner.Run(TinyRuns.Options(data, LmStageMode.Frozen), dir);

        var config = RunConfig.Load(dir);
        Assert.Equal(LmStageMode.Frozen, config.Options.Lm.Mode);
        Assert.Equal([5], config.Lm!.Layers);
        Assert.Equal(64, config.Lm.Checksum!.Length);
        Assert.Single(config.Options.TaskOptionsAs<ImageTaskOptions>().Augment.Mean);
        var options = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, RunFiles.Config)))!["options"]!.ToJsonString();
        Assert.Contains("\"task_options\":{\"task\":\"image\"", options);
        Assert.DoesNotContain("points", options);
        Assert.DoesNotContain("votes", options);
        Assert.Contains("\"param_groups\"", options);

        var lines = File.ReadAllLines(Path.Combine(dir, RunFiles.Metrics));
        Assert.Equal(2, lines.Length);
        foreach (var (line, i) in lines.Select((l, i) => (l, i)))
        {
            var o = JsonNode.Parse(line)!.AsObject();
            Assert.Equal(i + 1, o["epoch"]!.GetValue<int>());
            foreach (var key in new[] { "loss", "top1", "top5", "lr", "images_per_s", "seconds" })
                Assert.True(double.IsFinite(o[key]!.GetValue<double>()), $"{key} on line {i + 1}");
        }

        var s = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, RunFiles.Summary)))!.AsObject();
        foreach (var key in new[] { "best_top1", "final_top1", "params_total", "params_trainable", "params_frozen", "images_per_s", "task", "lm_mode", "seed", "epochs" })
            Assert.True(s.ContainsKey(key), $"summary.json lacks {key}");
        Assert.Equal("frozen", s["lm_mode"]!.GetValue<string>());
        Assert.Equal(summary.ParamsTrainable + summary.ParamsFrozen, s["params_total"]!.GetValue<long>());
        var (forward, train) = (s["gflops_per_sample"]!.GetValue<double>(), s["train_gflops_per_sample"]!.GetValue<double>());
        Assert.True(forward > 0 && train > 2 * forward && train < 3 * forward, $"forward {forward}, train {train} GFLOPs");
        var read = TrainingRunner.ReadSummary(dir);
        Assert.Equal(summary, read with { FinalMetrics = summary.FinalMetrics, BestMetrics = summary.BestMetrics, Timing = summary.Timing });
        var phases = read.Timing!.Phases;
        foreach (var phase in new[] { RunTiming.Build, RunTiming.LmLoad, RunTiming.Data, RunTiming.Train, RunTiming.Eval, RunTiming.Checkpoint, RunTiming.Reports, RunTiming.Other })
            Assert.True(phases.ContainsKey(phase) && phases[phase].WallSeconds >= 0 && phases[phase].CpuSeconds >= 0, $"timing lacks {phase}");
        Assert.True(phases[RunTiming.Train].WallSeconds > 0 && phases[RunTiming.Eval].WallSeconds > 0);
        Assert.Equal(phases.Values.Sum(p => p.WallSeconds), s["timing"]!["total"]!["wall_seconds"]!.GetValue<double>(), 9);

        using (var weights = SafetensorsFile.Open(Path.Combine(dir, RunFiles.LastWeights)))
        {
            Assert.DoesNotContain(weights.Names, n => n.StartsWith("lm_stage.lm.", StringComparison.Ordinal));
            Assert.Contains("lm_stage.mapper_in.weight", weights.Names);
            Assert.Equal(summary.ParamsTrainable, weights.Names.Sum(n => weights.Info(n).Shape.Aggregate(1L, (a, b) => a * b)));
        }
        Assert.True(File.Exists(Path.Combine(dir, RunFiles.BestWeights)));
        using (var state = SafetensorsFile.Open(Path.Combine(dir, RunFiles.TrainState)))
        {
            Assert.Equal("2", state.Metadata["epoch"]);
            Assert.Equal("6", state.Metadata["step"]);
            Assert.Contains("exp_avg.lm_stage.mapper_in.weight", state.Names);
        }
        var png = File.ReadAllBytes(Path.Combine(dir, RunFiles.Curves));
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, png[..4]);

        var again = Assert.Throws<UserInputException>(() => TrainingRunner.Run(TinyRuns.Options(data, LmStageMode.Frozen), dir));
        Assert.Contains("already holds a run", again.Message);
    }

    [Fact]
    public void Given_a_run_interrupted_after_one_epoch_When_resumed_Then_it_ends_bit_identical_to_the_uninterrupted_run()
    {
        var data = TinyImageData.WriteIdx(TestPaths.NewTempDir("resume-data"));
        var options = TinyRuns.Options(data, LmStageMode.Mlp, epochs: 3);
        var full = Path.Combine(TestPaths.NewTempDir("resume-full"), "run");
        var fullSummary = TrainingRunner.Run(options, full);

        var split = Path.Combine(TestPaths.NewTempDir("resume-split"), "run");
        using var cancel = new CancellationTokenSource();
        var first = new Recorder { OnEpoch = m => { if (m.Epoch == 1) cancel.Cancel(); } };
        Assert.ThrowsAny<OperationCanceledException>(() => TrainingRunner.Run(options, split, first, ct: cancel.Token));
        Assert.Single(first.Epochs);
        Assert.False(File.Exists(Path.Combine(split, RunFiles.Summary)));
        var resumed = TrainingRunner.Resume(split);

        using var a = SafetensorsFile.Open(Path.Combine(full, RunFiles.LastWeights));
        using var b = SafetensorsFile.Open(Path.Combine(split, RunFiles.LastWeights));
        Assert.Equal(a.Names.OrderBy(n => n), b.Names.OrderBy(n => n));
        var maxErr = 0f;
        foreach (var name in a.Names)
        {
            using var ta = a.Read(name);
            using var tb = b.Read(name);
            maxErr = Math.Max(maxErr, ta.sub(tb).abs().max().item<float>());
        }
        Assert.True(maxErr == 0f, $"max abs difference {maxErr}");
        Assert.Equal(fullSummary.FinalPrimary, resumed.FinalPrimary);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(split, RunFiles.Metrics)).Length);
    }

    [Fact]
    public void Given_an_empty_folder_When_resuming_Then_a_user_error_names_it()
    {
        var dir = TestPaths.NewTempDir("resume-empty");
        var e = Assert.Throws<UserInputException>(() => TrainingRunner.Resume(dir));
        Assert.Equal(dir, e.Subject);
    }

    [Fact]
    public void Given_presets_and_overrides_When_resolving_Then_flags_win_and_batch_changes_scale_the_rate()
    {
        var paper = TrainOptions.Resolve("image", "paper");
        Assert.Equal(1e-3, paper.Lr, 12);
        Assert.Equal(300, paper.Epochs);
        Assert.Equal(0.8, paper.TaskOptionsAs<ImageTaskOptions>().Augment.MixupAlpha);
        var scaled = TrainOptions.Resolve("image", "paper", new TrainOverrides { BatchSize = 256 });
        Assert.Equal(2.5e-4, scaled.Lr, 12);
        var explicitLr = TrainOptions.Resolve("image", "quick", new TrainOverrides { BatchSize = 128, Lr = 5e-4, LmMode = LmStageMode.Mlp });
        Assert.Equal(5e-4, explicitLr.Lr, 12);
        Assert.Equal(LmStageMode.Mlp, explicitLr.Lm.Mode);
        var tiny = TrainOptions.Resolve("image", "quick", new TrainOverrides().With("--model", "vit-tiny"));
        Assert.Equal(0, tiny.TaskOptionsAs<ImageTaskOptions>().Dim);
        Assert.Equal("--preset", Assert.Throws<UserInputException>(() => TrainOptions.Resolve("image", "huge")).Subject);
        Assert.Equal("--task", Assert.Throws<UserInputException>(() => TrainOptions.Resolve("audio", "quick")).Subject);
        Assert.Equal("--heads", Assert.Throws<UserInputException>(() =>
            TrainOptions.Resolve("image", "quick", new TrainOverrides().With("--heads", 5))).Subject);
    }
}

using FrozenLm.Comparison;

namespace FrozenLm.Tests.Comparison;

public sealed class CompareRunnerTests
{
    private static CompareSettings Settings(int seeds = 2, params string[] variants) => new()
    {
        Variants = variants.Length == 0 ? ["none", "frozen"] : variants,
        Seeds = seeds,
        Epochs = 3,
    };

    [Fact]
    public void Given_variants_and_seeds_When_run_Then_each_lands_in_variant_seed_dirs_seed_by_seed()
    {
        var dir = TestPaths.NewTempDir("compare-layout");
        var trainer = new FakeCompareTrainer();
        var records = new CompareRunner(trainer, new RecordingObserver()).Run(Settings(3, "none", "frozen", "mlp"), dir, false, default);

        Assert.Equal(
            [("none", 0, false), ("frozen", 0, false), ("mlp", 0, false), ("none", 1, false), ("frozen", 1, false),
             ("mlp", 1, false), ("none", 2, false), ("frozen", 2, false), ("mlp", 2, false)],
            trainer.Calls);
        foreach (var v in new[] { "none", "frozen", "mlp" })
            for (var seed = 0; seed < 3; seed++)
            {
                var run = Path.Combine(dir, v, $"seed-{seed}");
                Assert.True(File.Exists(Path.Combine(run, "summary.json")));
                Assert.Contains($"\"seed\": \"{seed}\"", File.ReadAllText(Path.Combine(run, CompareRunner.RunRecordFile)));
            }
        Assert.Equal(9, records.Count);
        Assert.Equal(("frozen", 1), (records[4].Variant, records[4].Seed));
        Assert.Equal(82.0, records[4].FinalMetric, 9);
        Assert.Equal(82.0 - 2, records[4].Curve[0].TestMetric, 9);
        Assert.Equal(3, records[4].Curve.Count);
    }

    [Fact]
    public void Given_a_finished_comparison_When_run_again_Then_nothing_is_retrained()
    {
        var dir = TestPaths.NewTempDir("compare-skip");
        new CompareRunner(new FakeCompareTrainer(), new RecordingObserver()).Run(Settings(), dir, false, default);
        var summary = Path.Combine(dir, "frozen", "seed-1", "summary.json");
        var stamp = File.GetLastWriteTimeUtc(summary);

        var again = new FakeCompareTrainer();
        var observer = new RecordingObserver();
        var records = new CompareRunner(again, observer).Run(Settings(), dir, false, default);

        Assert.Empty(again.Calls);
        Assert.Equal(["skip none/0", "skip frozen/0", "skip none/1", "skip frozen/1"], observer.Events);
        Assert.Equal(stamp, File.GetLastWriteTimeUtc(summary));
        Assert.Equal(4, records.Count);
    }

    [Fact]
    public void Given_a_run_killed_after_a_checkpoint_When_run_again_Then_finished_runs_are_skipped_and_it_resumes()
    {
        var dir = TestPaths.NewTempDir("compare-resume");
        var first = new FakeCompareTrainer { DieAt = (Call: 2, AfterEpochs: 2) };
        Assert.Throws<OperationCanceledException>(() =>
            new CompareRunner(first, new RecordingObserver()).Run(Settings(), dir, false, default));
        Assert.False(File.Exists(Path.Combine(dir, "none", "seed-1", "summary.json")));

        var second = new FakeCompareTrainer();
        var observer = new RecordingObserver();
        var records = new CompareRunner(second, observer).Run(Settings(), dir, false, default);

        Assert.Equal([("none", 1, true), ("frozen", 1, false)], second.Calls);
        Assert.Equal(["skip none/0", "skip frozen/0", "resume none/1 3/4", "done none/1", "start frozen/1 4/4", "done frozen/1"],
            observer.Events);
        // The resumed run logged epochs 1-2 before the kill and epoch 3 after it: one curve, three epochs.
        var resumed = records.Single(r => r is { Variant: "none", Seed: 1 });
        Assert.Equal([1, 2, 3], resumed.Curve.Select(c => c.Epoch));
    }

    [Fact]
    public void Given_a_run_killed_before_any_checkpoint_When_run_again_Then_it_restarts_from_a_clean_dir()
    {
        var dir = TestPaths.NewTempDir("compare-restart");
        var first = new FakeCompareTrainer { DieAt = (Call: 1, AfterEpochs: 1) };
        Assert.Throws<OperationCanceledException>(() =>
            new CompareRunner(first, new RecordingObserver()).Run(Settings(), dir, false, default));
        var run = Path.Combine(dir, "frozen", "seed-0");
        File.Delete(Path.Combine(run, FakeCompareTrainer.CheckpointFile));

        var second = new FakeCompareTrainer();
        var records = new CompareRunner(second, new RecordingObserver()).Run(Settings(), dir, false, default);

        Assert.Equal(("frozen", 0, false), second.Calls[0]);
        Assert.Equal([1, 2, 3], records.Single(r => r is { Variant: "frozen", Seed: 0 }).Curve.Select(c => c.Epoch));
        Assert.Equal(3, File.ReadAllLines(Path.Combine(run, "metrics.jsonl")).Length);
    }

    [Fact]
    public void Given_a_checkpoint_that_cannot_be_resumed_When_run_again_Then_that_run_restarts_from_scratch()
    {
        var dir = TestPaths.NewTempDir("compare-torn");
        var first = new FakeCompareTrainer { DieAt = (Call: 0, AfterEpochs: 2) };
        Assert.Throws<OperationCanceledException>(() =>
            new CompareRunner(first, new RecordingObserver()).Run(Settings(), dir, false, default));
        File.WriteAllText(Path.Combine(dir, "none", "seed-0", FakeCompareTrainer.CheckpointFile), "torn");

        var second = new FakeCompareTrainer();
        var observer = new RecordingObserver();
        var records = new CompareRunner(second, observer).Run(Settings(), dir, false, default);

        Assert.Equal([("none", 0, true), ("none", 0, false)], second.Calls.Take(2));
        Assert.Equal(["resume none/0 1/4", "unresumable none/0", "start none/0 1/4", "done none/0"], observer.Events.Take(4));
        Assert.Equal([1, 2, 3], records[0].Curve.Select(c => c.Epoch));
    }

    [Fact]
    public void Given_runs_made_with_other_settings_When_run_Then_it_refuses_naming_the_dir_and_the_key()
    {
        var dir = TestPaths.NewTempDir("compare-conflict");
        new CompareRunner(new FakeCompareTrainer(), new RecordingObserver()).Run(Settings(), dir, false, default);

        var trainer = new FakeCompareTrainer();
        var changed = Settings() with { Epochs = 5 };
        var e = Assert.Throws<UserInputException>(() => new CompareRunner(trainer, new RecordingObserver()).Run(changed, dir, false, default));

        Assert.Equal(dir, e.Subject);
        Assert.Contains("none/seed-0 was trained with epochs=3, this comparison asks epochs=5", e.Problem);
        Assert.Contains("--force", e.Problem);
        Assert.Empty(trainer.Calls);
    }

    [Fact]
    public void Given_runs_made_with_other_settings_When_forced_Then_they_are_retrained()
    {
        var dir = TestPaths.NewTempDir("compare-force");
        new CompareRunner(new FakeCompareTrainer(), new RecordingObserver()).Run(Settings(), dir, false, default);

        var trainer = new FakeCompareTrainer();
        var records = new CompareRunner(trainer, new RecordingObserver()).Run(Settings() with { Epochs = 5 }, dir, true, default);

        Assert.Equal(4, trainer.Calls.Count);
        Assert.All(trainer.Calls, c => Assert.False(c.Resume));
        Assert.All(records, r => Assert.Equal(5, r.Curve.Count));
    }

    [Fact]
    public void Given_a_finished_comparison_When_more_seeds_or_variants_are_asked_Then_only_the_new_runs_train()
    {
        var dir = TestPaths.NewTempDir("compare-extend");
        new CompareRunner(new FakeCompareTrainer(), new RecordingObserver()).Run(Settings(), dir, false, default);

        var trainer = new FakeCompareTrainer();
        var records = new CompareRunner(trainer, new RecordingObserver()).Run(Settings(3, "none", "frozen", "random"), dir, false, default);

        Assert.Equal([("random", 0, false), ("random", 1, false), ("none", 2, false), ("frozen", 2, false), ("random", 2, false)],
            trainer.Calls);
        Assert.Equal(9, records.Count);
    }

    [Fact]
    public void Given_a_run_dir_with_foreign_files_When_run_Then_it_refuses()
    {
        var dir = TestPaths.NewTempDir("compare-foreign");
        Directory.CreateDirectory(Path.Combine(dir, "none", "seed-0"));
        File.WriteAllText(Path.Combine(dir, "none", "seed-0", "notes.txt"), "mine");

        var e = Assert.Throws<UserInputException>(() =>
            new CompareRunner(new FakeCompareTrainer(), new RecordingObserver()).Run(Settings(), dir, false, default));

        Assert.Contains("none/seed-0 holds files without a compare-run.json", e.Problem);
        Assert.True(File.Exists(Path.Combine(dir, "none", "seed-0", "notes.txt")));
    }

    [Fact]
    public void Given_a_cancelled_token_When_run_Then_no_run_starts()
    {
        var dir = TestPaths.NewTempDir("compare-cancel");
        var trainer = new FakeCompareTrainer();
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => new CompareRunner(trainer, new RecordingObserver()).Run(Settings(), dir, false, cts.Token));
        Assert.Empty(trainer.Calls);
    }

    [Theory]
    [InlineData(0, "--seeds")]
    [InlineData(-1, "--epochs")]
    public void Given_bad_settings_When_run_Then_the_flag_is_named(int value, string flag)
    {
        var settings = flag == "--seeds" ? Settings() with { Seeds = value } : Settings() with { Epochs = value };
        var e = Assert.Throws<UserInputException>(() =>
            new CompareRunner(new FakeCompareTrainer(), new RecordingObserver()).Run(settings, TestPaths.NewTempDir("compare-bad"), false, default));
        Assert.Equal(flag, e.Subject);
    }

    [Fact]
    public void Given_variant_lists_When_parsed_Then_unknown_and_repeated_names_are_refused_and_order_is_canonical()
    {
        Assert.Equal(["none", "frozen", "mlp"], CompareVariants.Parse("mlp, frozen,none", "--variants"));
        Assert.Contains("unknown variant 'lora'", Assert.Throws<UserInputException>(() => CompareVariants.Parse("none,lora", "--variants")).Problem);
        Assert.Contains("listed twice", Assert.Throws<UserInputException>(() => CompareVariants.Parse("none,none", "--variants")).Problem);
    }
}

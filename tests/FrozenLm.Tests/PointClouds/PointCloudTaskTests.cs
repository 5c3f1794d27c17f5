using FrozenLm.Tasks.PointCloud;
using FrozenLm.Tasks.Image;
using System.Text.Json.Nodes;
using FrozenLm.FrozenStage;
using FrozenLm.Tasks;
using FrozenLm.Training;

namespace FrozenLm.Tests.PointClouds;

[Collection(FrozenLm.Tests.Runtime.RuntimeCollection.Name)]
public sealed class PointCloudTaskTests
{
    private static TrainOptions Tiny(LmStageMode mode, int votes = 0)
    {
        return TrainOptions.Resolve("pointcloud", "quick", new TrainOverrides
        {
            Flags = new Dictionary<string, object?> { ["--points"] = 64, ["--groups"] = 8, ["--group-size"] = 8, ["--dim"] = 32, ["--depth"] = 1, ["--heads"] = 2 },
            Epochs = 2, BatchSize = 8,
            LmMode = mode, Seed = 3,
        }.With("--votes", votes)).WithTask<PointCloudTaskOptions>(pc => pc with { ShapesTrainPerClass = 2, ShapesTestPerClass = 1, PointNetHidden = 8, EncoderDims = 32 });
    }

    [Fact]
    public void GivenThePointcloudTask_WhenResolvingPresets_ThenShapesIsTheDefaultDataAndPaperIsThePaperConfig()
    {
        var quick = TrainOptions.Resolve("pointcloud", "quick");
        var paper = TrainOptions.Resolve("pointcloud", "paper", new TrainOverrides().With("--points", 2048));
        var paperPc = paper.TaskOptionsAs<PointCloudTaskOptions>();

        Assert.Equal("shapes", quick.Data);
        Assert.Equal((64, 32, 384, 12, 6), (paperPc.Groups, paperPc.GroupSize, paperPc.Dim, paperPc.Depth, paperPc.Heads));
        Assert.Equal(2048, paperPc.Points);
        Assert.Equal((5e-4, 32, 300, 10.0), (paper.Lr, paper.BatchSize, paper.Epochs, paper.ClipGrad));
        Assert.Same(ParameterGroupPolicy.PointBertReference, paper.ParamGroups);
        Assert.Same(ParameterGroupPolicy.Default, quick.ParamGroups);
        Assert.Equal("--groups", Assert.Throws<UserInputException>(() =>
            TrainOptions.Resolve("pointcloud", "quick", new TrainOverrides().With("--groups", 1000))).Subject);
    }

    [Fact]
    public void GivenTinyShapes_WhenTrainingTwoEpochs_ThenTheRunDirectoryHasTheImageRunFilesAndPointCloudMetrics()
    {
        var dir = TestPaths.NewTempDir("pc-run");

        var summary = TrainingRunner.Run(Tiny(LmStageMode.None, votes: 1), dir);

        foreach (var file in new[] { RunFiles.Config, RunFiles.Summary, RunFiles.LastWeights, RunFiles.BestWeights, RunFiles.TrainState })
            Assert.True(File.Exists(Path.Combine(dir, file)), $"{file} missing");
        var lines = File.ReadAllLines(Path.Combine(dir, "metrics.jsonl"));
        Assert.Equal(2, lines.Length);
        var last = JsonNode.Parse(lines[^1])!.AsObject();
        foreach (var key in new[] { "oa", "macc", "oa_vote", "clouds_per_s", "grad_norm", "grad_norm_max" })
            Assert.True(last.ContainsKey(key), $"metrics.jsonl lacks {key}: {lines[^1]}");
        Assert.InRange(last["grad_norm"]!.GetValue<double>(), 1e-9, last["grad_norm_max"]!.GetValue<double>());
        var read = MetricsLog.Read(Path.Combine(dir, "metrics.jsonl"), "clouds");
        Assert.Equal(last["grad_norm_max"]!.GetValue<double>(), read[^1].GradNormMax);
        Assert.DoesNotContain("grad_norm", read[^1].Metrics.Keys);
        Assert.Equal("oa", summary.PrimaryMetric);
        Assert.InRange(summary.FinalPrimary, 0, 1);
        var config = RunConfig.Load(dir);
        Assert.Equal("pointcloud", config.Options.Task);
        Assert.Equal(8, config.Model["groups"]!.GetValue<int>());
        Assert.Equal(9, config.Model["tokens"]!.GetValue<int>());

        using var reopened = TrainedRun.Open(dir, TorchSharp.torch.CPU, useLast: true);
        Assert.Equal(2, reopened.Epoch);
        Assert.IsType<PointCloudClassificationTask>(reopened.Task);
    }

    [Fact]
    public void GivenARandomLmBlock_WhenTrainingOneEpoch_ThenTheStageSitsBetweenTrunkAndNorm()
    {
        var dir = TestPaths.NewTempDir("pc-run-random");

        var summary = TrainingRunner.Run(Tiny(LmStageMode.Random) with { Epochs = 1 }, dir);

        Assert.Equal("random", summary.LmMode);
        var config = RunConfig.Load(dir);
        Assert.Equal(LmStageMode.Random, config.Lm!.Mode);
        Assert.True(config.Params["trainable"]!.GetValue<long>() > 0);
    }

    [Fact]
    public void GivenAnUnbalancedEvalSet_WhenEvaluating_ThenMeanClassAccuracyAveragesPerClassAccuracies()
    {
        var options = Tiny(LmStageMode.None);
        var unbalanced = options.WithTask<PointCloudTaskOptions>(pc => pc with { ShapesTestPerClass = 2 }) with { EvalLimit = 15 };
        using var task = new PointCloudClassificationTask(unbalanced, TorchSharp.torch.CPU);
        task.Model.eval();
        var totals = new MetricTotals();
        var predictions = new List<(int Label, bool Hit)>();
        foreach (var batch in task.EvalBatches())
        {
            using (batch)
            {
                var b = ((PointCloudTaskBatch)batch).Batch;
                using var probs = task.Probabilities(b.Points);
                var argmax = probs.argmax(1).data<long>().ToArray();
                var labels = b.Labels.data<long>().ToArray();
                predictions.AddRange(labels.Select((l, i) => ((int)l, argmax[i] == l)));
                task.Evaluate(batch, totals);
            }
        }

        var expected = predictions.GroupBy(p => p.Label).Average(g => g.Count(p => p.Hit) / (double)g.Count());
        Assert.Equal(15, predictions.Count);
        Assert.Contains(predictions.GroupBy(p => p.Label), g => g.Count() == 1);
        Assert.Contains(predictions.GroupBy(p => p.Label), g => g.Count() == 2);
        Assert.Equal(expected, totals.Mean("macc"), 9);
        Assert.Equal(predictions.Count(p => p.Hit) / 15.0, totals.Mean("oa"), 9);
    }
}

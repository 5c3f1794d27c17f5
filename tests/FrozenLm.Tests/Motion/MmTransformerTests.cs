using FrozenLm.Data.Motion;
using FrozenLm.Encoders.Motion;
using FrozenLm.FrozenStage;
using FrozenLm.Heads;
using FrozenLm.Models;
using FrozenLm.Tasks;
using FrozenLm.Tasks.Motion;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tests.Motion;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class MmTransformerTests
{
    private static readonly VectorNetConfig Small = new() { SubgraphHidden = 8, Dim = 16, Heads = 2, DecoderHidden = 16 };
    private static readonly VectorizerOptions Vectorizer = new() { MaxAgents = 2, MaxLanes = 4 };

    private static MotionBatch Batch(int count) => new(
        Enumerable.Range(0, count).Select(i => SceneVectorizer.Vectorize(SyntheticRoads.Scene(new SyntheticRoadsOptions(), "train", i), Vectorizer)).ToList(),
        Vectorizer);

    private static MmTransformer Net(LmStage? stage = null) =>
        new(Small, new MmTransformerConfig(), 1 + Vectorizer.MaxAgents, Vectorizer.Vectors, stage);

    [Fact]
    public void Given_a_new_mmTransformer_When_built_Then_its_keys_are_named_its_weights_initialised_and_it_gives_36_proposals_and_K_forecasts()
    {
        manual_seed(5);
        using var net = Net();
        var weights = net.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var key in new[] { "query_embed", "hist_tf.encoder.0.attn.qkv.weight", "hist_tf.decoder.0.cross_attn.kv.weight",
                     "lane_tf.null_token", "social_tf.decoder.0.self_attn.qkv.weight", "blocks.0.attn.qkv.weight",
                     "prediction_head.reg_head.0.weight", "prediction_head.cls_head.2.weight", "prediction_head.anchors", "subgraph.layers.0.fc.weight" })
            Assert.Contains(key, weights.Keys);
        Assert.InRange(weights["query_embed"].std().item<float>(), 0.5f, 1.2f);
        Assert.InRange(weights["lane_tf.decoder.0.cross_attn.q.weight"].std().item<float>(), 0.015f, 0.025f);
        using var batch = Batch(3);
        var (trajectories, logits) = net.Forward(batch.Vectors, batch.VectorMask, batch.PolylineMask);
        var (forecast, top) = net.Select(trajectories, logits);
        using (trajectories) using (logits) using (forecast) using (top)
        {
            Assert.Equal([3L, 36, 30, 2], trajectories.shape);
            Assert.Equal([3L, 36], logits.shape);
            Assert.Equal([3L, 6, 30, 2], forecast.shape);
            using var best = logits.max(1).values;
            Assert.Equal(0f, (top.select(1, 0) - best).abs().max().item<float>());
            using var sorted = top.narrow(1, 1, 5) - top.narrow(1, 0, 5);
            Assert.True(sorted.max().item<float>() <= 0, "the forecast is ordered most confident first");
        }
    }

    [Fact]
    public void Given_region_centres_When_endpoints_are_assigned_Then_each_goes_to_its_nearest_centre()
    {
        using var centres = tensor(new float[] { 0, 0, 10, 0, 0, 10 }, [3, 2]);
        using var endpoints = tensor(new float[] { 1, 1, 9, -1, -1, 8, 5.1f, 0, 4.9f, 0 }, [5, 2]);
        using var region = RegionBasedLoss.Region(endpoints, centres);
        Assert.Equal(new long[] { 0, 1, 2, 1, 0 }, region.data<long>().ToArray());
    }

    [Fact]
    public void Given_a_truth_whose_closest_proposal_is_outside_its_region_When_the_region_based_loss_is_taken_Then_the_region_selects_the_trained_proposal()
    {
        // 2 regions x 2 proposals, one step; truth (3.2, 0) lies in region 1 (centre (6, 0)) though proposal 1 (3, 0) is closest.
        using var trajectories = tensor(new float[] { 0, 0, 3, 0, 5, 0, 6, 0 }, [1, 4, 1, 2]);
        using var logits = zeros(1, 4);
        using var truth = tensor(new float[] { 3.2f, 0 }, [1, 1, 2]);
        using var centres = tensor(new float[] { 0, 0, 6, 0 }, [2, 2]);
        using var target = RegionBasedLoss.Target(trajectories, truth, centres, perRegion: 2);
        Assert.Equal(2L, target.item<long>());
        // metres: x error (5 - 3.2) * 10 = 18 -> smooth L1 17.5, y 0 -> mean 8.75; cross-entropy of 4 equal logits ln 4.
        using var loss = RegionBasedLoss.Compute(trajectories, logits, truth, centres, perRegion: 2, beta: 1.0);
        Assert.Equal(8.75 + Math.Log(4), loss.item<float>(), 4);
        using var wta = WinnerTakesAllLoss.Compute(trajectories, logits, truth, beta: 1.0);
        Assert.Equal(0.75 + Math.Log(4), wta.item<float>(), 4);        // all candidates: proposal 1, |-2| - 0.5 = 1.5 -> 0.75
    }

    [Fact]
    public void Given_a_scene_When_lanes_or_other_agents_are_reordered_or_the_queries_permuted_Then_the_proposals_are_unchanged_or_permuted_alike()
    {
        manual_seed(7);
        using var net = Net();
        net.eval();
        using var batch = Batch(2);
        using var _ = no_grad();
        using var order = tensor(new long[] { 0, 2, 1, 6, 3, 5, 4 });          // target first; agents 1-2 and lanes 3-6 shuffled
        using var expected = net.Proposals(batch.Vectors, batch.VectorMask, batch.PolylineMask);
        using var v = batch.Vectors.index_select(1, order);
        using var vm = batch.VectorMask.index_select(1, order);
        using var pm = batch.PolylineMask.index_select(1, order);
        using var reordered = net.Proposals(v, vm, pm);
        Assert.True((expected - reordered).abs().max().item<float>() < 1e-5f);

        using var permutation = randperm(36);
        var queries = net.named_parameters().Single(p => p.name == "query_embed").parameter;
        using var original = queries.clone();
        queries.copy_(original.index_select(1, permutation));
        using var permuted = net.Proposals(batch.Vectors, batch.VectorMask, batch.PolylineMask);
        var maxAbs = (expected.index_select(1, permutation) - permuted).abs().max().item<float>();
        Assert.True(maxAbs < 1e-5f, $"max abs difference {maxAbs}");
    }

    private static TrainOptions Options(string mode, string position = "tail", int train = 4) =>
        TrainOptions.Resolve("motion", "quick", new TrainOverrides
        {
            Epochs = 1, BatchSize = 4, LmMode = LmStageMode.Parse(mode, "--lm-mode"), Seed = 2,
            Flags = new Dictionary<string, object?>
            {
                ["--model"] = "mmtransformer", ["--lm-position"] = position, ["--dim"] = 16, ["--heads"] = 2, ["--subgraph-hidden"] = 8, ["--decoder-hidden"] = 16,
                ["--roads-train"] = train, ["--roads-test"] = 2, ["--max-agents"] = 2, ["--max-lanes"] = 4, ["--depth"] = 2,
            },
        });

    [Theory]
    [InlineData("none", "tail")]
    [InlineData("frozen", "tail")]
    [InlineData("frozen", "middle")]
    [InlineData("frozen", "head")]
    [InlineData("finetune", "tail")]
    [InlineData("random", "tail")]
    [InlineData("mlp", "tail")]
    public void Given_each_lm_mode_When_an_mmTransformer_task_takes_a_training_step_Then_the_loss_is_finite_and_trainable_weights_get_gradients(string mode, string position)
    {
        using var task = new MotionForecastingTask(Options(mode, position), CPU);
        Assert.IsType<MmTransformer>(task.Net);
        Assert.Equal("mmtransformer", task.DescribeModel()["architecture"]!.GetValue<string>());
        var batch = task.TrainBatches(0).First();
        using (batch)
        {
            using var loss = task.TrainLoss(batch);
            Assert.True(float.IsFinite(loss.item<float>()));
            loss.backward();
        }
        foreach (var (name, p) in task.Model.named_parameters())
        {
            if (p.requires_grad)
                Assert.True(p.grad is not null, $"{name} got no gradient");
            else
                Assert.Contains("lm_stage", name);
        }
        Assert.Equal(mode is "frozen", task.Model.named_parameters().Any(p => !p.parameter.requires_grad));
    }

    [Fact]
    public void Given_a_tiny_generated_set_When_mmTransformer_trains_a_few_steps_Then_the_loss_falls_and_it_forecasts_K_modes_in_metres()
    {
        using var task = new MotionForecastingTask(Options("none", train: 8), CPU);
        var trainable = task.Model.parameters().Where(p => p.requires_grad).ToList();
        using var optimizer = optim.Adam(trainable, lr: 5e-3);
        var batch = task.TrainBatches(0).First();
        var losses = new List<float>();
        using (batch)
        {
            for (var step = 0; step < 15; step++)
            {
                optimizer.zero_grad();
                using var scope = NewDisposeScope();
                var loss = task.TrainLoss(batch);
                losses.Add(loss.item<float>());
                loss.backward();
                optimizer.step();
            }
        }
        Assert.True(losses[^1] < 0.9 * losses[0], $"loss {losses[0]} -> {losses[^1]}");
        var forecasts = task.Forecast(((MotionTaskBatch)task.EvalBatches().First()).Batch);
        Assert.Equal(2, forecasts.Count);
        Assert.All(forecasts, f =>
        {
            Assert.Equal(6, f.Trajectories.Count);
            Assert.Equal(60, f.Trajectories[0].Length);
            Assert.Equal(1.0, f.Confidences.Sum(), 4);
        });
    }

    [Fact]
    public void Given_the_paper_preset_When_mmtransformer_is_chosen_Then_it_takes_its_32_epoch_recipe_and_a_bad_model_name_is_refused()
    {
        var options = TrainOptions.Resolve("motion", "paper", new TrainOverrides { Flags = new Dictionary<string, object?> { ["--model"] = "mmtransformer" } });
        Assert.Equal(32, options.Epochs);
        Assert.Equal(1e-3, options.Lr);
        Assert.Equal(2, options.TaskOptionsAs<MotionTaskOptions>().MmTransformer.EncoderLayers);
        Assert.Equal(60, TrainOptions.Resolve("motion", "paper").Epochs);
        var error = Assert.Throws<UserInputException>(() =>
            TrainOptions.Resolve("motion", "quick", new TrainOverrides { Flags = new Dictionary<string, object?> { ["--model"] = "lanegcn" } }));
        Assert.Contains("--model", error.Message);
    }

    [Fact]
    public void Given_the_paper_preset_and_mmtransformer_When_epochs_lr_or_batch_are_explicit_Then_the_explicit_flags_win_over_its_recipe()
    {
        static TrainOptions Paper(params (string Flag, object Value)[] flags)
        {
            var given = new Dictionary<string, object?> { ["--model"] = "mmtransformer" };
            foreach (var (flag, value) in flags)
                given[flag] = value;
            return TrainOptions.Resolve("motion", "paper", new TrainOverrides { Flags = given });
        }

        // 60 is VectorNet's paper length: the old rule took an explicit 60 for "not given" and replaced it with 32.
        Assert.Equal(60, Paper(("--epochs", 60)).Epochs);
        Assert.Equal(1e-3, Paper(("--epochs", 60)).Lr);
        Assert.Equal(5e-4, Paper(("--lr", 5e-4)).Lr);
        Assert.Equal(32, Paper(("--lr", 5e-4)).Epochs);
        Assert.Equal(40, Paper(("--epochs", "40")).Epochs);
        // The batch rule scales mmTransformer's rate, not VectorNet's: 1e-3 x 64 / 32.
        Assert.Equal(2e-3, Paper(("--batch-size", 64)).Lr, 12);
        // Under quick the recipe is one proposal per region; an explicit --proposals-per-region wins.
        var quick = new Dictionary<string, object?> { ["--model"] = "mmtransformer" };
        Assert.Equal(6, TrainOptions.Resolve("motion", "quick", new TrainOverrides { Flags = quick }).TaskOptionsAs<MotionTaskOptions>().MmTransformer.Proposals);
        quick["--proposals-per-region"] = 6;
        Assert.Equal(36, TrainOptions.Resolve("motion", "quick", new TrainOverrides { Flags = quick }).TaskOptionsAs<MotionTaskOptions>().MmTransformer.Proposals);
        Assert.Equal(36, TrainOptions.Resolve("motion", "standard", new TrainOverrides { Flags = new Dictionary<string, object?> { ["--model"] = "mmtransformer" } })
            .TaskOptionsAs<MotionTaskOptions>().MmTransformer.Proposals);
        // A task flag declared after --model wins over the recipe's layers too.
        Assert.Equal(1, Paper(("--stack-encoder-layers", 1)).TaskOptionsAs<MotionTaskOptions>().MmTransformer.EncoderLayers);
        Assert.Equal(2, Paper(("--stack-encoder-layers", 1)).TaskOptionsAs<MotionTaskOptions>().MmTransformer.DecoderLayers);
    }
}

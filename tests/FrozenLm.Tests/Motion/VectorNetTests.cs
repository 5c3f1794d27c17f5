using FrozenLm.Data.Motion;
using FrozenLm.Encoders.Motion;
using FrozenLm.FrozenStage;
using FrozenLm.Models;
using FrozenLm.Tasks;
using FrozenLm.Tasks.Motion;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tests.Motion;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class VectorNetTests
{
    [Fact]
    public void Given_a_polyline_When_its_vectors_are_permuted_Then_the_subgraph_output_is_unchanged()
    {
        manual_seed(3);
        using var subgraph = new PolylineSubgraph(SceneVectorizer.FeatureDim, hidden: 16, depth: 3);
        using var vectors = randn(2, 3, 7, SceneVectorizer.FeatureDim);
        using var mask = ones(2, 3, 7, dtype: ScalarType.Bool);
        mask[1, 2, TensorIndex.Slice(4)] = tensor(false);                       // polyline (1, 2) has 4 real vectors
        using var permutation = tensor(new long[] { 6, 2, 0, 5, 1, 3, 4 });
        using var permutedVectors = vectors.index_select(2, permutation);
        using var permutedMask = mask.index_select(2, permutation);
        using var expected = subgraph.forward(vectors, mask);
        using var actual = subgraph.forward(permutedVectors, permutedMask);
        Assert.Equal([2L, 3, 32], expected.shape);
        var maxAbs = (expected - actual).abs().max().item<float>();
        Assert.True(maxAbs < 1e-6f, $"max abs difference {maxAbs}");
    }

    [Fact]
    public void Given_padded_vectors_with_any_values_When_encoded_Then_they_do_not_change_the_polyline_feature()
    {
        manual_seed(4);
        using var subgraph = new PolylineSubgraph(SceneVectorizer.FeatureDim, hidden: 8, depth: 3);
        using var vectors = randn(1, 2, 5, SceneVectorizer.FeatureDim);
        using var mask = ones(1, 2, 5, dtype: ScalarType.Bool);
        mask[0, 0, TensorIndex.Slice(2)] = tensor(false);
        using var changed = vectors.clone();
        changed[0, 0, TensorIndex.Slice(2)] = full(3, SceneVectorizer.FeatureDim, 100f);
        using var a = subgraph.forward(vectors, mask);
        using var b = subgraph.forward(changed, mask);
        Assert.True((a - b).abs().max().item<float>() < 1e-6f);
        using var none = subgraph.forward(vectors, zeros(1, 2, 5, dtype: ScalarType.Bool));
        Assert.Equal(0f, none.abs().max().item<float>());
    }

    [Fact]
    public void Given_a_new_VectorNet_When_built_Then_its_weights_are_initialised_and_its_outputs_have_K_modes()
    {
        manual_seed(5);
        var config = new VectorNetConfig { SubgraphHidden = 8, Dim = 16, Heads = 2, DecoderHidden = 16 };
        using var net = new VectorNet(config);
        var weights = net.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        Assert.Contains("subgraph.layers.0.fc.weight", weights.Keys);
        Assert.Contains("blocks.0.attn.qkv.weight", weights.Keys);
        Assert.Contains("head.fc2.weight", weights.Keys);
        Assert.Contains("pad_token", weights.Keys);
        Assert.True(weights["pad_token"].abs().sum().item<float>() > 0, "pad_token was initialised");
        var std = weights["blocks.0.attn.qkv.weight"].std().item<float>();
        Assert.InRange(std, 0.015f, 0.025f);                                   // timm truncated normal, std 0.02
        var options = new VectorizerOptions { MaxAgents = 2, MaxLanes = 3 };
        var scenes = Enumerable.Range(0, 2).Select(i => SceneVectorizer.Vectorize(SyntheticRoads.Scene(new SyntheticRoadsOptions(), "train", i), options)).ToList();
        using var batch = new MotionBatch(scenes, options);
        var (trajectories, logits) = net.Forward(batch.Vectors, batch.VectorMask, batch.PolylineMask);
        using (trajectories)
        using (logits)
        {
            Assert.Equal([2L, 6, 30, 2], trajectories.shape);
            Assert.Equal([2L, 6], logits.shape);
        }
    }

    [Theory]
    [InlineData("none")]
    [InlineData("frozen")]
    [InlineData("finetune")]
    [InlineData("random")]
    [InlineData("mlp")]
    public void Given_each_lm_mode_When_a_motion_task_takes_a_training_step_Then_the_loss_is_finite_and_trainable_weights_get_gradients(string mode)
    {
        var options = TrainOptions.Resolve("motion", "quick", new TrainOverrides
        {
            Epochs = 1, BatchSize = 4, LmMode = LmStageMode.Parse(mode, "--lm-mode"), Seed = 2,
            Flags = new Dictionary<string, object?>
            {
                ["--dim"] = 16, ["--heads"] = 2, ["--subgraph-hidden"] = 8, ["--decoder-hidden"] = 16, ["--roads-train"] = 4,
                ["--roads-test"] = 2, ["--max-agents"] = 2, ["--max-lanes"] = 4,
            },
        });
        using var task = new MotionForecastingTask(options, CPU);
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
}

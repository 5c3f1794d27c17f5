using FrozenLm.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tests.Training;

/// <summary>Batch-norm running statistics travel with the trainable weights, in the weights files and the train state.</summary>
public sealed class LearnedStatisticsTests
{
    private static nn.Module<Tensor, Tensor> Model(int seed)
    {
        torch.manual_seed(seed);
        return nn.Sequential(("fc", nn.Linear(3, 4)), ("bn", nn.BatchNorm1d(4)));
    }

    private static void Train(nn.Module<Tensor, Tensor> model)
    {
        model.train();
        using var x = torch.randn(16, 3, generator: new Generator(5)).mul_(3).add_(2);
        using var _ = model.forward(x);
    }

    private static Dictionary<string, float[]> Statistics(nn.Module model) =>
        model.named_buffers().ToDictionary(b => b.name, b => b.buffer.to_type(ScalarType.Float32).data<float>().ToArray());

    [Fact]
    public void Given_a_trained_batch_norm_When_the_weights_file_is_saved_and_loaded_Then_its_running_statistics_are_restored()
    {
        using var trained = Model(1);
        Train(trained);
        var path = Path.Combine(TestPaths.NewTempDir("bn-weights"), "last.safetensors");
        TrainingCheckpoint.SaveTrainable(trained, path, epoch: 3);

        using var fresh = Model(2);
        Assert.NotEqual(Statistics(trained)["bn.running_mean"], Statistics(fresh)["bn.running_mean"]);
        Assert.Equal(3, TrainingCheckpoint.LoadTrainable(fresh, path));

        Assert.Equal(["bn.num_batches_tracked", "bn.running_mean", "bn.running_var"], Statistics(trained).Keys.Order());
        foreach (var (name, values) in Statistics(trained))
            Assert.Equal(values, Statistics(fresh)[name]);
        trained.eval();
        fresh.eval();
        using var probe = torch.ones(2, 3);
        Assert.Equal(trained.forward(probe).data<float>().ToArray(), fresh.forward(probe).data<float>().ToArray());
    }

    [Fact]
    public void Given_a_trained_batch_norm_When_the_train_state_is_saved_and_loaded_Then_its_running_statistics_are_restored()
    {
        using var trained = Model(1);
        Train(trained);
        var path = Path.Combine(TestPaths.NewTempDir("bn-state"), "train_state.safetensors");
        using (var optimizer = new AdamW(ParameterGroups.Of(trained).ForOptimizer(0.05)))
            TrainingCheckpoint.SaveState(path, trained, optimizer, new TrainState(1, 2, 0.5, 1, 0));

        using var fresh = Model(2);
        using (var optimizer = new AdamW(ParameterGroups.Of(fresh).ForOptimizer(0.05)))
            TrainingCheckpoint.LoadState(path, fresh, optimizer, out var hasWeights);

        foreach (var (name, values) in Statistics(trained))
            Assert.Equal(values, Statistics(fresh)[name]);
    }
}

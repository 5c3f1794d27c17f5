using FrozenLm.Tasks;
using FrozenLm.Training;

namespace FrozenLm.Tests.Training;

public sealed class TrainOverridesTests
{
    [Fact]
    public void Given_fewer_epochs_than_the_preset_warmup_When_resolved_Then_the_warmup_keeps_its_fraction_of_the_run()
    {
        var preset = TrainOptions.Resolve("pointcloud", "quick");
        Assert.Equal(30, preset.Epochs);
        Assert.Equal(3, preset.WarmupEpochs);
        Assert.Equal(0.2, TrainOptions.Resolve("pointcloud", "quick", new TrainOverrides { Epochs = 2 }).WarmupEpochs, 10);
        Assert.Equal(3, TrainOptions.Resolve("pointcloud", "quick", new TrainOverrides { Epochs = 10 }).WarmupEpochs);
        Assert.Equal(1, TrainOptions.Resolve("pointcloud", "quick", new TrainOverrides { Epochs = 2, WarmupEpochs = 1 }).WarmupEpochs);
    }

    [Fact]
    public void Given_an_explicit_warmup_longer_than_the_run_When_resolved_Then_the_flag_is_named()
    {
        var e = Assert.Throws<UserInputException>(() =>
            TrainOptions.Resolve("pointcloud", "quick", new TrainOverrides { Epochs = 2, WarmupEpochs = 3 }));
        Assert.Equal("--warmup-epochs", e.Subject);
    }
}

using FrozenLm.Comparison;

namespace FrozenLm.Tests.Comparison;

public sealed class CompareDefaultsTests
{
    [Fact]
    public void Given_a_quick_image_comparison_When_defaults_apply_Then_only_unset_values_are_filled_for_every_variant_alike()
    {
        var filled = CompareDefaults.Apply(new CompareSettings { Epochs = 5 });
        Assert.Equal((5, 2000, 2000), (filled.Epochs, filled.TrainLimit, filled.EvalLimit));
        Assert.Equal(filled.RunFingerprint("none", 0)["train_limit"], filled.RunFingerprint("frozen", 0)["train_limit"]);
        Assert.Equal(3, CompareDefaults.Seeds("quick"));
    }

    [Fact]
    public void Given_a_quick_video_comparison_When_defaults_apply_Then_it_trains_half_the_epochs_on_all_clips()
    {
        var filled = CompareDefaults.Apply(new CompareSettings { Task = "video", Preset = "quick" });
        Assert.Equal((5, 0, 0), (filled.Epochs, filled.TrainLimit, filled.EvalLimit));
        var given = CompareDefaults.Apply(new CompareSettings { Task = "video", Preset = "quick", Epochs = 10 });
        Assert.Equal(10, given.Epochs);
    }

    [Theory]
    [InlineData("image", "standard")]
    [InlineData("video", "standard")]
    [InlineData("pointcloud", "quick")]
    public void Given_another_preset_or_task_When_defaults_apply_Then_the_preset_decides(string task, string preset)
    {
        var s = CompareDefaults.Apply(new CompareSettings { Task = task, Preset = preset });
        Assert.Equal((null, null, null), (s.Epochs, s.TrainLimit, s.EvalLimit));
        Assert.Equal(preset == "standard" ? 5 : 3, CompareDefaults.Seeds(preset));
    }
}

using FrozenLm.FrozenStage;
using FrozenLm.Tasks;
using FrozenLm.Tasks.Video;
using static TorchSharp.torch;

namespace FrozenLm.Tests.Video;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class VideoTaskTests
{
    [Theory]
    [InlineData("none", "tail", false)]
    [InlineData("frozen", "tail", false)]
    [InlineData("finetune", "tail", false)]
    [InlineData("random", "tail", false)]
    [InlineData("mlp", "tail", false)]
    [InlineData("frozen", "middle", true)]
    public void Given_each_lm_mode_When_a_video_task_takes_a_training_step_Then_the_loss_is_finite_and_trainable_weights_get_gradients(
        string mode, string position, bool residual)
    {
        var options = TrainOptions.Resolve("video", "quick", new TrainOverrides
        {
            Epochs = 1, BatchSize = 4, Workers = 1, Seed = 2, LmMode = LmStageMode.Parse(mode, "--lm-mode"), Lm = "minilm",
            LmLayers = residual ? [4, 5] : null,
            Flags = new Dictionary<string, object?>
            {
                ["--dim"] = 16, ["--depth"] = 2, ["--heads"] = 2, ["--frames"] = 4, ["--img-size"] = 16, ["--shapes-train"] = 1,
                ["--shapes-test"] = 1, ["--shapes-frames"] = 8, ["--shapes-size"] = 16, ["--lm-position"] = position,
                ["--lm-residual"] = residual,
            },
        });
        using var task = new VideoClassificationTask(options, CPU);
        Assert.Equal(residual, task.Options.Lm.Residual);
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
        Assert.Equal(mode is not "none", task.Model.named_parameters().Any(p => p.name.StartsWith("lm_stage", StringComparison.Ordinal)));
    }

    [Fact]
    public void Without_a_normalisation_the_task_estimates_it_from_the_training_split_and_keeps_it_in_its_options_while_paper_keeps_imagenet()
    {
        var options = TrainOptions.Resolve("video", "quick", new TrainOverrides
        {
            Epochs = 1, BatchSize = 4, Workers = 1, Seed = 2, LmMode = LmStageMode.None,
            Flags = new Dictionary<string, object?>
            {
                ["--dim"] = 16, ["--depth"] = 1, ["--heads"] = 2, ["--frames"] = 4, ["--img-size"] = 16, ["--shapes-train"] = 1,
                ["--shapes-test"] = 1, ["--shapes-frames"] = 8, ["--shapes-size"] = 16,
            },
        });
        Assert.Empty(options.TaskOptionsAs<VideoTaskOptions>().Clip.Mean);

        using var task = new VideoClassificationTask(options, CPU);

        var (mean, std) = FrozenLm.Data.Video.VideoNormalization.Estimate(task.TrainSet);
        var kept = task.Options.TaskOptionsAs<VideoTaskOptions>().Clip;
        Assert.Equal(mean, kept.Mean);
        Assert.Equal(std, kept.Std);
        Assert.All(mean, m => Assert.InRange(m, 0.1f, 0.35f));                       // dark frames, far from ImageNet's 0.41-0.49
        var paper = TrainOptions.Resolve("video", "paper", new TrainOverrides()).TaskOptionsAs<VideoTaskOptions>().Clip;
        Assert.Equal(FrozenLm.Data.Video.VideoClipOptions.ImageNetMean, paper.Mean);
        Assert.Equal(FrozenLm.Data.Video.VideoClipOptions.ImageNetStd, paper.Std);
    }
}

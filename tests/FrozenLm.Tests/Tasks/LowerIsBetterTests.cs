using System.Text.Json.Nodes;
using FrozenLm.Tasks;
using FrozenLm.Training;

namespace FrozenLm.Tests.Tasks;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class LowerIsBetterTests
{
    [Fact]
    public void Given_a_lower_is_better_metric_When_training_Then_best_is_the_lowest_epoch_and_summary_says_so()
    {
        TaskRegistry.Register(new ScriptedTaskDefinition());
        var dir = Path.Combine(TestPaths.NewTempDir("scripted-run"), "run");
        var options = TrainOptions.Resolve(ScriptedTaskDefinition.TaskName, "quick", new TrainOverrides { Seed = 1 }.With("--width", 3));

        var summary = TrainingRunner.Run(options, dir);

        Assert.Equal(2, summary.BestEpoch);
        Assert.Equal(0.2, summary.BestPrimary, 12);
        Assert.Equal(0.4, summary.FinalPrimary, 12);
        Assert.False(summary.PrimaryHigherIsBetter);
        Assert.Null(summary.BestTop1);
        Assert.Null(summary.ImagesPerS);
        using var fresh = new ScriptedTask(options);
        Assert.Equal(2, TrainingCheckpoint.LoadTrainable(fresh.Model, Path.Combine(dir, RunFiles.BestWeights)));
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, RunFiles.Summary)))!.AsObject();
        Assert.Equal("err", json["primary_metric"]!.GetValue<string>());
        Assert.False(json["primary_higher_is_better"]!.GetValue<bool>());
        Assert.Equal(0.2, json["best_metrics"]!["err"]!.GetValue<double>(), 12);
        Assert.Equal(0.4, json["final_metrics"]!["err"]!.GetValue<double>(), 12);
        Assert.False(json.ContainsKey("final_top1"));
        Assert.False(json.ContainsKey("images_per_s"));
    }

    [Fact]
    public void Given_a_run_of_a_registered_test_task_When_its_config_is_loaded_Then_the_task_options_come_back_typed()
    {
        TaskRegistry.Register(new ScriptedTaskDefinition());
        var dir = Path.Combine(TestPaths.NewTempDir("scripted-config"), "run");
        var options = TrainOptions.Resolve(ScriptedTaskDefinition.TaskName, "quick", new TrainOverrides { Epochs = 1 }.With("--width", 5));

        TrainingRunner.Run(options, dir);

        var node = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, RunFiles.Config)))!["options"]!.AsObject();
        Assert.Equal(ScriptedTaskDefinition.TaskName, node["task_options"]!["task"]!.GetValue<string>());
        Assert.Equal(5, node["task_options"]!["width"]!.GetValue<int>());
        var loaded = RunConfig.Load(dir).Options.TaskOptionsAs<ScriptedTaskOptions>();
        Assert.Equal(5, loaded.Width);
        Assert.Equal([0.5, 0.2, 0.4], loaded.Errors);
        Assert.Equal("--width", Assert.Throws<UserInputException>(() =>
            TrainOptions.Resolve(ScriptedTaskDefinition.TaskName, "quick", new TrainOverrides().With("--width", 0))).Subject);
        Assert.Equal("--mixup", Assert.Throws<UserInputException>(() =>
            TrainOptions.Resolve(ScriptedTaskDefinition.TaskName, "quick", new TrainOverrides().With("--mixup", 0.5))).Subject);
    }
}

using FrozenLm.Comparison;

namespace FrozenLm.Tests.Comparison;

/// <summary>The recipe line of a comparison's setup table reads task-owned settings from <c>options.task_options</c>.</summary>
public sealed class RunDescriptionRecipeTests
{
    private static string RecipeOf(string optionsJson)
    {
        var outDir = TestPaths.NewTempDir("recipe");
        var settings = new CompareSettings { Variants = ["none"], Seeds = 1 };
        var runDir = CompareRunner.RunDirectory(outDir, "none", 0);
        Directory.CreateDirectory(runDir);
        File.WriteAllText(Path.Combine(runDir, "config.json"), $$"""{ "options": {{optionsJson}} }""");
        return TrainerCompareBackend.Describe(settings, outDir).Training;
    }

    [Fact]
    public void Given_label_smoothing_and_drop_path_in_task_options_When_described_Then_the_recipe_names_their_values()
    {
        var recipe = RecipeOf("""
            { "batch_size": 64, "lr": 0.001, "min_lr": 1e-05, "warmup_epochs": 1, "weight_decay": 0.05,
              "task_options": { "label_smoothing": 0.1, "drop_path": 0.2 } }
            """);

        Assert.Equal("AdamW, batch 64, lr 0.001 cosine to 1e-05 after 1 warm-up epochs, weight decay 0.05, " +
                     "label smoothing 0.1, drop-path 0.2", recipe);
    }

    [Fact]
    public void Given_a_task_without_label_smoothing_When_described_Then_the_recipe_leaves_it_out()
    {
        var recipe = RecipeOf("""
            { "batch_size": 32, "lr": 0.0005, "min_lr": 0, "warmup_epochs": 0, "weight_decay": 0.01, "task_options": { "modes": 6 } }
            """);

        Assert.DoesNotContain("?", recipe);
        Assert.DoesNotContain("label smoothing", recipe);
        Assert.EndsWith("weight decay 0.01", recipe);
    }
}

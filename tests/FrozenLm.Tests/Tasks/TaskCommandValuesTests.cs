using FrozenLm.Tasks;

namespace FrozenLm.Tests.Tasks;

/// <summary>The values of task-declared run-command flags: lookup, and the one-line error for a flag the task does not declare.</summary>
public sealed class TaskCommandValuesTests
{
    private static readonly TaskCommandValues Given = new(new Dictionary<string, IReadOnlyList<string>>
    {
        ["--question"] = ["what colour?"],
        ["--scene"] = ["a.csv", "b.csv"],
    });

    [Fact]
    public void Given_single_and_repeated_flags_When_read_Then_single_takes_the_last_and_many_keeps_the_order()
    {
        Assert.Equal("what colour?", Given.Single("--question"));
        Assert.Equal(["a.csv", "b.csv"], Given.Many("--scene"));
        Assert.Null(Given.Single("--query"));
        Assert.Empty(Given.Many("--query"));
        Assert.True(Given.Has("--scene"));
        Assert.False(Given.Has("--query"));
    }

    [Fact]
    public void Given_a_required_flag_missing_When_required_Then_the_error_names_the_flag()
    {
        var error = Assert.Throws<UserInputException>(() => Given.Require("--query", "the text to search for"));

        Assert.Equal("--query: missing: give the text to search for", error.Message);
    }

    [Fact]
    public void Given_a_flag_the_task_does_not_declare_When_checked_Then_the_error_names_it_and_the_task()
    {
        Given.CheckDeclared([new("--question", "q"), new("--scene", "s", Many: true)], "vqa", "predict");

        var error = Assert.Throws<UserInputException>(() => Given.CheckDeclared([new("--question", "q")], "vqa", "predict"));

        Assert.Equal("--scene: is not a flag of the 'vqa' task's predict", error.Message);
    }

    [Fact]
    public void Given_several_values_for_a_flag_the_task_declares_single_When_checked_Then_the_error_names_the_flag_and_the_values()
    {
        var values = new TaskCommandValues(new Dictionary<string, IReadOnlyList<string>> { ["--situation"] = ["I", "am", "here"] });

        values.CheckDeclared([new("--situation", "s", Many: true)], "other", "predict");
        var error = Assert.Throws<UserInputException>(() => values.CheckDeclared([new("--situation", "s")], "3dqa", "predict"));

        Assert.Equal("--situation: takes one value in the '3dqa' task's predict, got 3 ('I', 'am', 'here'); quote a value with spaces",
            error.Message);
    }
}

using FrozenLm.Tests.Cli;

namespace FrozenLm.Tests.Comparison;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class CompareCommandTests
{
    [Theory]
    [InlineData("--seeds", "0", "error: --seeds: must be at least 1, got 0")]
    [InlineData("--variants", "none,lora", "error: --variants: unknown variant 'lora'; choose from none, frozen, mlp, random, finetune")]
    [InlineData("--variants", "frozen,frozen", "error: --variants: variant 'frozen' is listed twice")]
    [InlineData("--lm-layers", "4,x", "error: --lm-layers: 'x' is not a layer index (a non-negative integer)")]
    [InlineData("--epochs", "0", "error: --epochs: must be at least 1, got 0")]
    public void Given_a_bad_flag_When_compare_Then_exit_2_with_one_line_naming_it(string flag, string value, string expected)
    {
        var dir = TestPaths.NewTempDir("compare-cli-bad");
        var (code, _, err) = CliRunner.Run("compare", flag, value, "--out", dir);
        Assert.Equal(2, code);
        Assert.Equal(expected, err.Trim());
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }

    [Fact]
    public void Given_an_unknown_preset_When_compare_Then_it_fails_before_training()
    {
        var dir = TestPaths.NewTempDir("compare-cli-preset");
        var (code, _, err) = CliRunner.Run("compare", "--preset", "huge", "--out", dir, "--threads", "1");
        Runtime.TorchRuntimeReset.AllCores();
        Assert.Equal(2, code);
        Assert.StartsWith("error: --preset:", err.Trim());
        Assert.Empty(Directory.GetFileSystemEntries(dir));
    }
}

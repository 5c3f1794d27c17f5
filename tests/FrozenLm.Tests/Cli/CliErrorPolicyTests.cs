using FrozenLm.Cli;

namespace FrozenLm.Tests.Cli;

/// <summary>Runs the CLI in-process and captures its output.</summary>
internal static class CliRunner
{
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class CliErrorPolicyTests
{
    [Fact]
    public void Given_an_unknown_flag_When_run_Then_exit_2_with_one_error_line()
    {
        var (code, _, err) = CliRunner.Run("info", "--no-such-flag");
        Assert.Equal(2, code);
        var lines = err.Trim().Split('\n');
        Assert.Single(lines);
        Assert.StartsWith("error: ", lines[0]);
        Assert.Contains("--no-such-flag", lines[0]);
    }

    [Fact]
    public void Given_a_bad_flag_value_When_run_Then_exit_2_naming_the_flag()
    {
        var (code, _, err) = CliRunner.Run("info", "--threads", "-1");
        Assert.Equal(2, code);
        Assert.Equal("error: --threads: must be 0 (all cores) or positive, got -1", err.Trim());
        Assert.DoesNotContain("   at ", err);
    }

    [Fact]
    public void Given_an_unknown_device_When_run_Then_exit_2()
    {
        var (code, _, err) = CliRunner.Run("info", "--device", "tpu");
        Assert.Equal(2, code);
        Assert.StartsWith("error: --device:", err.Trim());
    }

    [Fact]
    public void Given_help_When_run_Then_every_registered_command_is_listed()
    {
        var (code, output, _) = CliRunner.Run("--help");
        Assert.Equal(0, code);
        foreach (var command in CommandRegistry.All().Select(c => c.Build()))
        {
            if (command.Hidden)
                Assert.DoesNotContain(command.Name, output);
            else
                Assert.Contains(command.Name, output);
        }
    }

    [Fact]
    public void Given_info_When_run_Then_the_engine_self_check_passes()
    {
        var (code, output, _) = CliRunner.Run("info", "--threads", "1");
        Assert.Equal(0, code);
        Assert.Contains("self-check   ok", output);
        Runtime.TorchRuntimeReset.AllCores();
    }

    [Fact]
    public void Given_an_unexpected_exception_When_guarded_Then_exit_1_without_a_stack_trace()
    {
        var root = CliApp.BuildRoot(TextWriter.Null, TextWriter.Null);
        var parse = root.Parse(["info"]);
        using var err = new StringWriter();
        var code = CliApp.Guard(() => throw new InvalidOperationException("boom"), parse, err);
        Assert.Equal(1, code);
        Assert.Equal("error: unexpected failure: boom (run with --verbose for the stack trace)", err.ToString().Trim());
        using var err2 = new StringWriter();
        var verbose = root.Parse(["info", "--verbose"]);
        CliApp.Guard(() => throw new InvalidOperationException("boom"), verbose, err2);
        Assert.Contains("   at ", err2.ToString());
    }
}

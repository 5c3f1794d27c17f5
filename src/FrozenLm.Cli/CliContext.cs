using System.CommandLine;
using FrozenLm.Runtime;
using TorchSharp;

namespace FrozenLm.Cli;

/// <summary>What a command handler gets: its parse result, output writers, and the resolved global options.</summary>
public sealed class CliContext
{
    public CliContext(ParseResult parse, TextWriter output, TextWriter error)
    {
        Parse = parse;
        Out = output;
        Error = error;
    }

    public ParseResult Parse { get; }
    public TextWriter Out { get; }
    public TextWriter Error { get; }
    public bool Verbose => Parse.GetValue(GlobalOptions.Verbose);

    /// <summary>Loads TorchSharp, applies <c>--threads</c>, resolves <c>--device</c>.</summary>
    public torch.Device InitTorch()
    {
        var threads = Parse.GetValue(GlobalOptions.Threads);
        if (threads < 0)
            throw new UserInputException("--threads", $"must be 0 (all cores) or positive, got {threads}");
        TorchRuntime.ConfigureThreads(threads);
        return DeviceSelector.Resolve(Parse.GetValue(GlobalOptions.Device) ?? "auto");
    }

    public T Get<T>(Option<T> option) => Parse.GetValue(option)!;
}

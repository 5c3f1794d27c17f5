using System.CommandLine;

namespace FrozenLm.Cli;

/// <summary>Options every command accepts: device, threads, verbosity.</summary>
public static class GlobalOptions
{
    public static readonly Option<string> Device = new("--device")
    {
        Description = "Compute device: auto, cpu, cuda or cuda:N",
        DefaultValueFactory = _ => "auto",
        Recursive = true,
    };

    public static readonly Option<int> Threads = new("--threads")
    {
        Description = "Intra-op CPU threads (default: all cores)",
        DefaultValueFactory = _ => 0,
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "Show stack traces of unexpected failures and more detail",
        Recursive = true,
    };
}

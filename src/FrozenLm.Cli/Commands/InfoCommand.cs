using System.CommandLine;
using FrozenLm.Runtime;
using TorchSharp;

namespace FrozenLm.Cli.Commands;

/// <summary><c>frozenlm info</c>: versions, device, threads, and whether the tensor engine loads.</summary>
public sealed class InfoCommand : ICliCommand
{
    public Command Build() => new("info", "Show the tool, libtorch and device set-up, and check that the tensor engine works");

    public int Execute(CliContext context)
    {
        var device = context.InitTorch();
        using var a = torch.ones(2, 2);
        using var b = a.matmul(a);
        var ok = b.sum().item<float>() == 8f;
        context.Out.WriteLine($"frozenlm     {CliApp.Version}");
        context.Out.WriteLine($"libtorch     {TorchRuntime.LibTorchVersion}");
        context.Out.WriteLine($"device       {device.type}");
        context.Out.WriteLine($"threads      {torch.get_num_threads()}");
        context.Out.WriteLine($"cuda         {(torch.cuda.is_available() ? "available" : "not available")}");
        context.Out.WriteLine($"self-check   {(ok ? "ok" : "FAILED")}");
        return ok ? CliApp.ExitOk : CliApp.ExitFailure;
    }
}

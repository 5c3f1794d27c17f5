using System.CommandLine;
using FrozenLm.Training;
using TorchSharp;

namespace FrozenLm.Cli.Commands;

/// <summary><c>frozenlm export --run DIR --out FILE</c>: the trained model as ONNX (<c>.onnx</c>) or as safetensors with config.json (<c>.safetensors</c>).</summary>
public sealed class ExportCommand : ICliCommand
{
    private readonly Option<string> _run = new("--run") { Description = "Run directory written by 'frozenlm train'", Required = true };
    private readonly Option<string> _out = new("--out") { Description = "model.onnx (ONNX, opset 17, for ONNX Runtime) or model.safetensors (every weight, timm / Hugging Face keys, config.json beside it)", Required = true };
    private readonly Option<bool> _last = new("--last") { Description = "Use last.safetensors instead of best.safetensors" };

    public Command Build()
    {
        var command = new Command("export", "Export a trained image classifier (encoder, LM stage with its frozen weights, head) as ONNX or safetensors");
        command.Options.Add(_run);
        command.Options.Add(_out);
        command.Options.Add(_last);
        return command;
    }

    public int Execute(CliContext context)
    {
        var runDir = context.Get(_run);
        var output = context.Get(_out);
        TrainedRun.ExportFormatOf(output);
        TrainedRun.ExporterOf(runDir);
        context.InitTorch();
        using var run = TrainedRun.Open(runDir, torch.CPU, useLast: context.Get(_last));
        run.Export(output);
        context.Out.WriteLine($"wrote {Path.GetFullPath(output)} (epoch {run.Epoch} weights of {runDir})");
        return CliApp.ExitOk;
    }
}

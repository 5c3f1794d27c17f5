using System.CommandLine;
using FrozenLm.LanguageModels;

namespace FrozenLm.Cli.Commands;

/// <summary><c>frozenlm lm extract</c>: writes a small Hugging Face directory holding only the chosen layers.</summary>
public sealed class LmExtractCommand : ICliCommand
{
    private readonly Option<string> _model = LmOptions.Model();
    private readonly Option<string> _layers = LmOptions.Layers();
    private readonly Option<string> _out = new("--out") { Description = "Directory to write config.json and model.safetensors to", Required = true };

    public Command Build() => new("extract", "Copy chosen layers (original indices) into a new, loadable model directory") { _model, _layers, _out };

    public int Execute(CliContext context)
    {
        context.InitTorch();
        var layers = LmLayerList.Parse(context.Get(_layers));
        var count = LmExtractor.Extract(context.Get(_model), layers, context.Get(_out));
        context.Out.WriteLine($"wrote {count} tensors of layers {string.Join(",", layers)} to {context.Get(_out)}");
        return CliApp.ExitOk;
    }
}

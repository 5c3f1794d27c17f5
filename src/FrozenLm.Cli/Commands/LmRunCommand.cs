using System.CommandLine;
using FrozenLm.LanguageModels;
using FrozenLm.Tensors;

namespace FrozenLm.Cli.Commands;

/// <summary><c>frozenlm lm run</c>: runs chosen layers over hidden states stored in a safetensors file.</summary>
public sealed class LmRunCommand : ICliCommand
{
    private readonly Option<string> _model = LmOptions.Model();
    private readonly Option<string> _layers = LmOptions.Layers();
    private readonly Option<string> _input = new("--input") { Description = "safetensors file with tensor 'hidden' F32 [batch, tokens, hidden]", Required = true };
    private readonly Option<string> _output = new("--output") { Description = "safetensors file to write tensor 'hidden' to", Required = true };
    private readonly Option<bool> _finalNorm = new("--final-norm") { Description = "Apply the parameter-free RMS norm after the blocks" };
    private readonly Option<string> _dtype = new("--dtype") { Description = "Weight storage: f32 or bf16 (compute is fp32)", DefaultValueFactory = _ => "f32" };

    public Command Build() =>
        new("run", "Run language-model layers (full attention, no positions) over hidden states")
        {
            _model, _layers, _input, _output, _finalNorm, _dtype,
        };

    public int Execute(CliContext context)
    {
        context.InitTorch();
        var layers = LmLayerList.Parse(context.Get(_layers));
        var options = new LmLoadOptions
        {
            FinalNorm = context.Get(_finalNorm),
            StorageDType = SafetensorsDTypes.ParseFloatFlag("--dtype", context.Get(_dtype)),
        };
        using var stack = LmBlockStack.Load(context.Get(_model), layers, options);
        stack.Freeze();
        var shape = LmHiddenStateRunner.Run(stack, context.Get(_input), context.Get(_output));
        context.Out.WriteLine($"wrote {context.Get(_output)}: hidden [{string.Join(", ", shape)}] after layers " +
                              $"{string.Join(",", stack.LayerIndices)} of {stack.Config.ModelType} (sha256 {stack.Checksum[..12]})");
        return CliApp.ExitOk;
    }
}

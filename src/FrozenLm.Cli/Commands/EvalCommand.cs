using FrozenLm.Tasks.Image;
using System.CommandLine;
using FrozenLm.Tasks;
using FrozenLm.Training;

namespace FrozenLm.Cli.Commands;

/// <summary><c>frozenlm eval --run DIR [--data SRC]</c>: the task's full evaluation of a trained run (eval.json and its figures).</summary>
public sealed class EvalCommand : ICliCommand
{
    private readonly Option<string> _run = new("--run") { Description = "Run directory written by 'frozenlm train'", Required = true };
    private readonly Option<string?> _data = new("--data") { Description = "Evaluate on another data source of the same kind (same classes)" };
    private readonly Option<bool> _last = new("--last") { Description = "Use last.safetensors instead of best.safetensors" };
    private readonly TaskCommandFlagBinder _taskFlags = new(d => d.Evaluator?.Flags ?? []);

    public Command Build()
    {
        var command = new Command("eval", "Evaluate a trained run with its task's evaluation (image: accuracy, per-class accuracy, confusion matrix) into eval.json");
        command.Options.Add(_run);
        command.Options.Add(_data);
        command.Options.Add(_last);
        _taskFlags.AddTo(command);
        return command;
    }

    public int Execute(CliContext context)
    {
        var runDir = context.Get(_run);
        var evaluator = TrainedRun.Hook(runDir, d => d.Evaluator, "eval");
        var values = _taskFlags.Values(context.Parse);
        values.CheckDeclared(evaluator.Flags, TrainedRun.DefinitionOf(runDir).Name, "eval");
        var device = context.InitTorch();
        using var run = TrainedRun.Open(runDir, device, context.Parse.GetValue(_data), context.Get(_last));
        var evaluation = run.Evaluate(values);
        foreach (var line in evaluation.Lines)
            context.Out.WriteLine(line);
        context.Out.WriteLine($"wrote {Path.Combine(runDir, TrainedRun.EvalFile)}" +
                              string.Concat(evaluation.Files.Select(f => $", {f}")));
        return CliApp.ExitOk;
    }
}

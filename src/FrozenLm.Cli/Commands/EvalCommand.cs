using FrozenLm.Tasks.Image;
using System.CommandLine;
using System.Text.Json;
using FrozenLm.IO;
using FrozenLm.Reports;
using FrozenLm.Tasks;
using FrozenLm.Training;

namespace FrozenLm.Cli.Commands;

/// <summary><c>frozenlm eval --run DIR [--data SRC]</c>: top-1, top-5, per-class accuracy and confusion matrix of a trained run.</summary>
public sealed class EvalCommand : ICliCommand
{
    private readonly Option<string> _run = new("--run") { Description = "Run directory written by 'frozenlm train'", Required = true };
    private readonly Option<string?> _data = new("--data") { Description = "Evaluate on another data source with the same classes" };
    private readonly Option<bool> _last = new("--last") { Description = "Use last.safetensors instead of best.safetensors" };

    public Command Build()
    {
        var command = new Command("eval", "Evaluate a trained run: accuracy, per-class accuracy, confusion matrix (eval.json, confusion.png)");
        command.Options.Add(_run);
        command.Options.Add(_data);
        command.Options.Add(_last);
        return command;
    }

    public int Execute(CliContext context)
    {
        var runDir = context.Get(_run);
        var device = context.InitTorch();
        using var run = TrainedRun.Open(runDir, device, context.Parse.GetValue(_data), context.Get(_last));
        var task = run.Task as ImageClassificationTask
            ?? throw new UserInputException(runDir, $"eval supports image runs; this run's task is '{run.Task.Name}'");
        var report = ImageEvaluation.Run(task, run.Epoch);
        AtomicFile.WriteAllText(Path.Combine(runDir, "eval.json"), JsonSerializer.Serialize(report, RunJson.Options));
        var confusion = new long[task.ClassNames.Count, task.ClassNames.Count];
        for (var t = 0; t < task.ClassNames.Count; t++)
            for (var p = 0; p < task.ClassNames.Count; p++)
                confusion[t, p] = report.Confusion[t][p];
        ConfusionPlot.Save(Path.Combine(runDir, "confusion.png"), confusion, task.ClassNames,
            $"{report.Data}: top-1 {100 * report.Top1:F2}%");
        context.Out.WriteLine($"{report.Data}: {report.Samples} images, top-1 {100 * report.Top1:F2}%, top-5 {100 * report.Top5:F2}%, " +
                              $"loss {report.Loss:F4} (weights of epoch {report.WeightsEpoch})");
        foreach (var c in report.PerClass)
            context.Out.WriteLine($"  {c.Name,-14} {100 * c.Accuracy,6:F2}%  ({c.Count} images)");
        context.Out.WriteLine($"wrote {Path.Combine(runDir, "eval.json")} and confusion.png");
        return CliApp.ExitOk;
    }
}

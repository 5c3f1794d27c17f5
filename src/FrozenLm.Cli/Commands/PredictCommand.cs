using FrozenLm.Tasks.Image;
using System.CommandLine;
using FrozenLm.Tasks;
using FrozenLm.Training;

namespace FrozenLm.Cli.Commands;

/// <summary><c>frozenlm predict --run DIR IMAGE...</c>: the top-k labels of each image with their probabilities.</summary>
public sealed class PredictCommand : ICliCommand
{
    private readonly Option<string> _run = new("--run") { Description = "Run directory written by 'frozenlm train'", Required = true };
    private readonly Option<int> _top = new("--top") { Description = "How many labels to show per image", DefaultValueFactory = _ => 3 };
    private readonly Argument<string[]> _images = new("IMAGE") { Description = "PNG or JPEG files", Arity = ArgumentArity.OneOrMore };

    public Command Build()
    {
        var command = new Command("predict", "Classify image files with a trained run (top-k labels with probabilities)");
        command.Options.Add(_run);
        command.Options.Add(_top);
        command.Arguments.Add(_images);
        return command;
    }

    public int Execute(CliContext context)
    {
        var top = context.Get(_top);
        if (top < 1)
            throw new UserInputException("--top", $"must be at least 1, got {top}");
        var images = context.Parse.GetValue(_images) ?? [];
        foreach (var image in images)
        {
            if (!File.Exists(image))
                throw new UserInputException(image, "image file not found");
        }
        var runDir = context.Get(_run);
        var device = context.InitTorch();
        using var run = TrainedRun.Open(runDir, device);
        var task = run.Task as ImageClassificationTask
            ?? throw new UserInputException(runDir, $"predict supports image runs; this run's task is '{run.Task.Name}'");
        foreach (var image in images)
        {
            var labels = ImagePrediction.Predict(task, image, top);
            context.Out.WriteLine($"{image}: " + string.Join(", ", labels.Select(l => $"{l.Label} {100 * l.Probability:F1}%")));
        }
        return CliApp.ExitOk;
    }
}

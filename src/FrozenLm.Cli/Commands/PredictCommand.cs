using FrozenLm.Tasks.Image;
using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using FrozenLm.Tasks;
using FrozenLm.Training;

namespace FrozenLm.Cli.Commands;

/// <summary><c>frozenlm predict --run DIR INPUT...</c>: the task's prediction for each input file, as text or JSON.</summary>
public sealed class PredictCommand : ICliCommand
{
    private readonly Option<string> _run = new("--run") { Description = "Run directory written by 'frozenlm train'", Required = true };
    private readonly Option<int> _top = new("--top") { Description = "How many candidates to show per input (classification tasks)", DefaultValueFactory = _ => 3 };
    private readonly Option<bool> _json = new("--json") { Description = "Print one JSON array instead of one line per input" };
    private readonly Argument<string[]> _inputs = new("INPUT") { Description = "Input files of the run's task (image: PNG or JPEG files)", Arity = ArgumentArity.ZeroOrMore };
    private readonly TaskCommandFlagBinder _taskFlags = new(d => d.Predictor?.Flags ?? []);

    public Command Build()
    {
        var command = new Command("predict", "Predict input files with a trained run (image: top-k labels with probabilities)");
        command.Options.Add(_run);
        command.Options.Add(_top);
        command.Options.Add(_json);
        command.Arguments.Add(_inputs);
        _taskFlags.AddTo(command);
        return command;
    }

    public int Execute(CliContext context)
    {
        var options = new PredictOptions { Top = context.Get(_top), Values = _taskFlags.Values(context.Parse) };
        options.Validate();
        var inputs = context.Parse.GetValue(_inputs) ?? [];
        var runDir = context.Get(_run);
        var predictor = TrainedRun.Hook(runDir, d => d.Predictor, "predict");
        options.Values.CheckDeclared(predictor.Flags, TrainedRun.DefinitionOf(runDir).Name, "predict");
        if (inputs.Length < predictor.MinInputs)
            throw new UserInputException("INPUT", $"give at least {predictor.MinInputs} {predictor.InputKind}(s)");
        predictor.CheckOptions(options);
        foreach (var input in inputs)
            predictor.CheckInput(input);
        var device = context.InitTorch();
        using var run = TrainedRun.Open(runDir, device);
        var predictions = run.Predict(inputs, options);
        if (context.Get(_json))
        {
            var array = new JsonArray([.. predictions.Select(p => (JsonNode)Entry(p))]);
            context.Out.WriteLine(array.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            return CliApp.ExitOk;
        }
        foreach (var p in predictions)
            context.Out.WriteLine($"{p.Input}: {p.Text}");
        return CliApp.ExitOk;
    }

    private static JsonObject Entry(TaskPrediction p)
    {
        var entry = new JsonObject { ["input"] = p.Input };
        foreach (var (key, value) in p.Json)
            entry[key] = value?.DeepClone();
        return entry;
    }
}

using FrozenLm.Tasks;
using static TorchSharp.torch;

namespace FrozenLm.Tests.Tasks;

/// <summary>
/// A task that exists only in the tests: a linear regression whose evaluation reports a scripted error per epoch
/// (metres, lower is better), so the trainer's "best" can be checked against a known answer.
/// </summary>
public sealed class ScriptedTaskDefinition : ITaskDefinition
{
    public const string TaskName = "scripted";

    private static readonly TaskFlags<ScriptedTaskOptions> F = new();

    public string Name => TaskName;

    public MetricInfo PrimaryMetric { get; } = new("err", "error", "m", HigherIsBetter: false);

    public Type OptionsType => typeof(ScriptedTaskOptions);

    public IReadOnlyList<OptionFlag> Flags { get; } = [F.Int("--width", "Input width", (o, v) => o with { Width = v })];

    public TrainOptions Preset(string preset) => new()
    {
        Task = TaskName, Preset = preset, Data = "generated", Epochs = 3, BatchSize = 4, Lr = 1e-2, Workers = 1,
        TaskOptions = new ScriptedTaskOptions(),
    };

    public void Validate(TrainOptions options)
    {
        TrainOptionsChecks.ValidateRecipe(options);
        if (options.TaskOptionsAs<ScriptedTaskOptions>().Width < 1)
            throw new UserInputException("--width", "must be positive");
    }

    public ITrainingTask Create(TrainOptions options, Device device, string? expectedLmChecksum) => new ScriptedTask(options);
}

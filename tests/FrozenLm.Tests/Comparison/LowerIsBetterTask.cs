using FrozenLm.Tasks;
using static TorchSharp.torch;

namespace FrozenLm.Tests.Comparison;

/// <summary>
/// A task that exists only in the test project, declaring a lower-is-better primary metric without a display scale
/// ("mse", no unit): compare, its reports and verdicts must follow that declaration. Comparison tests drive it with
/// <see cref="FakeCompareTrainer"/>, so it is never trained.
/// </summary>
internal sealed class LowerIsBetterTask : ITaskDefinition
{
    public const string TaskName = "compare-mse";

    /// <summary>Registers the task (idempotent) and returns its name.</summary>
    public static string Register()
    {
        TaskRegistry.Register(new LowerIsBetterTask());
        return TaskName;
    }

    public string Name => TaskName;

    public MetricInfo PrimaryMetric { get; } = new("mse", "mse", "", HigherIsBetter: false, DisplayScale: 1, "test mean squared error");

    public string SampleUnit => "signals";

    public Type OptionsType => typeof(NoOptions);

    public IReadOnlyList<OptionFlag> Flags => [];

    public TrainOptions Preset(string preset) => preset == "quick"
        ? new TrainOptions { Task = TaskName, Preset = preset, Data = "generated", Epochs = 2, BatchSize = 8, TaskOptions = new NoOptions() }
        : throw new UserInputException("--preset", $"unknown preset '{preset}' (known: quick)");

    public void Validate(TrainOptions options) => TrainOptionsChecks.ValidateRecipe(options);

    public ITrainingTask Create(TrainOptions options, Device device, string? expectedLmChecksum) =>
        throw new InvalidOperationException($"{TaskName} only declares a metric for comparison tests; they train it with a fake trainer");

    /// <summary>The task has no settings of its own.</summary>
    internal sealed record NoOptions : TaskOptions;
}

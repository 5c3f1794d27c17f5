using FrozenLm.Tasks;
using static TorchSharp.torch;

namespace FrozenLm.Tests.Tasks.Signals;

/// <summary>
/// The test-only <c>signals</c> task as the registry knows it: one preset, MSE (lower is better) as its primary metric,
/// and its own evaluator, predictor and explainer. <paramref name="withHooks"/> false registers the same task without
/// them (to test the "does not support" path).
/// </summary>
internal sealed class SignalsDefinition(string name = SignalsOptions.TaskName, bool withHooks = true) : ITaskDefinition
{
    public string Name => name;

    public MetricInfo PrimaryMetric { get; } = new("mse", "MSE", "", HigherIsBetter: false, Description: "test mean squared error of the amplitude");

    public IReadOnlyList<MetricInfo> Metrics =>
        [PrimaryMetric, new("mae", "MAE", "", HigherIsBetter: false, Description: "test mean absolute error of the amplitude")];

    public string SampleUnit => "signals";
    public string AccuracyName => "MSE";
    public string AccuracyDescription => "test mean squared error of the amplitude";
    public string ThroughputUnit => "signals/s";
    public IReadOnlyList<string> PresetNames => ["quick"];

    public TrainOptions Preset(string preset) => preset == "quick"
        ? SignalsOptions.Quick() with { Task = name }
        : throw new UserInputException("--preset", $"unknown preset '{preset}' (known: quick)");

    public void Validate(TrainOptions options)
    {
        TrainOptionsChecks.ValidateRecipe(options);
        if (options.Dim < 1)
            throw new UserInputException("--dim", $"must be positive, got {options.Dim}");
    }

    public ITrainingTask Create(TrainOptions options, Device device, string? expectedLmChecksum) =>
        new SignalsTask(options, device, expectedLmChecksum);

    public ITaskEvaluator? Evaluator { get; } = withHooks ? new SignalsEvaluator() : null;
    public ITaskPredictor? Predictor { get; } = withHooks ? new SignalsPredictor() : null;
    public ITaskExplainer? Explainer { get; } = withHooks ? new SignalsExplainer() : null;
}

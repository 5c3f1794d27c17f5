using System.Globalization;
using System.Text.Json.Nodes;
using FrozenLm.Analysis;
using FrozenLm.Tasks;

namespace FrozenLm.Tests.Tasks.Signals;

/// <summary>Evaluates a signals run: MSE and MAE over the test signals, the worst predictions, and a bar chart of the errors.</summary>
internal sealed class SignalsEvaluator : ITaskEvaluator
{
    public const string ErrorsFile = "errors.png";

    public TaskEvaluation Evaluate(ITrainingTask task, int weightsEpoch, string outDir, TaskCommandValues values, CancellationToken ct = default)
    {
        var signals = (SignalsTask)task;
        var data = signals.EvalSet;
        using var batch = new SignalsBatch(data, Enumerable.Range(0, data.Count).ToArray());
        using var predicted = signals.Predict(batch.Inputs);
        var p = predicted.data<float>().ToArray();
        var errors = p.Select((v, i) => (double)v - data.Amplitudes[i]).ToArray();
        var mse = errors.Average(e => e * e);
        var mae = errors.Average(Math.Abs);
        var worst = Enumerable.Range(0, errors.Length).OrderByDescending(i => Math.Abs(errors[i])).Take(3).ToList();
        Directory.CreateDirectory(outDir);
        GroupedBarChart.Save(Path.Combine(outDir, ErrorsFile), "Prediction error per test signal", "predicted - true",
            [.. Enumerable.Range(0, errors.Length).Select(i => i.ToString(CultureInfo.InvariantCulture))],
            [("error", [.. errors.Select(e => (double?)e)])], yMin: null, yMax: null);
        var report = new JsonObject
        {
            ["data"] = data.Name,
            ["samples"] = data.Count,
            ["mse"] = mse,
            ["mae"] = mae,
            ["weights_epoch"] = weightsEpoch,
            ["worst"] = new JsonArray([.. worst.Select(i => new JsonObject { ["index"] = i, ["true"] = data.Amplitudes[i], ["predicted"] = p[i] })]),
        };
        return new TaskEvaluation(
            new Dictionary<string, double> { ["mse"] = mse, ["mae"] = mae },
            report,
            [$"{data.Name}: {data.Count} signals, MSE {mse.ToString("F5", CultureInfo.InvariantCulture)}, MAE {mae.ToString("F4", CultureInfo.InvariantCulture)} (weights of epoch {weightsEpoch})"],
            [ErrorsFile]);
    }
}

using System.Globalization;
using FrozenLm.Comparison;

namespace FrozenLm.Tests.Comparison;

/// <summary>
/// Stands in for the trainer: writes config.json, one metrics line per epoch, a checkpoint per epoch and
/// summary.json last, with a primary metric (display unit) that is a fixed function of (variant, seed), stored divided
/// by <see cref="Scale"/> like the trainer does (top-1 as a fraction). It can be told to die mid-run.
/// </summary>
internal sealed class FakeCompareTrainer : ICompareTrainer
{
    public const string CheckpointFile = "last.ckpt";

    public List<(string Variant, int Seed, bool Resume)> Calls { get; } = [];

    /// <summary>When set, the call with this index (0-based, counting all calls) stops after this many epochs.</summary>
    public (int Call, int AfterEpochs)? DieAt { get; set; }

    /// <summary>The primary metric's key in metrics.jsonl and summary.json, and its display scale.</summary>
    public string MetricKey { get; init; } = "top1";
    public double Scale { get; init; } = 100;

    /// <summary>The final value (display unit) of a run; each earlier epoch is 1 lower.</summary>
    public Func<string, int, double> Value { get; set; } = (variant, seed) => variant switch
    {
        "none" => 80 + seed,
        "frozen" => 81 + seed,
        "mlp" => 80.5 + seed,
        _ => 79 + seed,
    };

    public bool CanResume(string runDir) => File.Exists(Path.Combine(runDir, CheckpointFile));

    public void Train(CompareRunRequest request, string runDir, bool resume, ICompareObserver observer, CancellationToken cancellationToken)
    {
        var call = Calls.Count;
        Calls.Add((request.Variant, request.Seed, resume));
        var epochs = request.Settings.Epochs ?? 2;
        var start = 1;
        if (resume && File.ReadAllText(Path.Combine(runDir, CheckpointFile)) == "torn")
            throw new UserInputException(runDir, "last.safetensors is from epoch 2 but train_state.safetensors from epoch 1");
        if (resume)
            start = int.Parse(File.ReadAllText(Path.Combine(runDir, CheckpointFile)), CultureInfo.InvariantCulture) + 1;
        else
            File.WriteAllText(Path.Combine(runDir, "config.json"), "{}");
        var value = Value(request.Variant, request.Seed);
        for (var epoch = start; epoch <= epochs; epoch++)
        {
            var t = (value - (epochs - epoch)) / Scale;
            var loss = 2.0 / epoch;
            File.AppendAllText(Path.Combine(runDir, "metrics.jsonl"), string.Create(CultureInfo.InvariantCulture,
                $"{{\"epoch\":{epoch},\"loss\":{loss},\"{MetricKey}\":{t},\"lr\":0.001,\"samples_per_s\":100,\"seconds\":1.5}}\n"));
            File.WriteAllText(Path.Combine(runDir, CheckpointFile), epoch.ToString(CultureInfo.InvariantCulture));
            observer.EpochFinished(request, new CompareEpoch(epoch, epochs, loss, Scale * t, 100, 1.5));
            if (DieAt is { } die && die.Call == call && die.AfterEpochs == epoch)
                throw new OperationCanceledException("killed");
        }
        var spec = request.Spec;
        var frozen = spec.Base is "frozen" or "finetune" or "random" ? 1000 : 0;
        var trainable = spec.Base == "none" ? 5000 : 7000;
        var stored = (value / Scale).ToString("R", CultureInfo.InvariantCulture);
        File.WriteAllText(Path.Combine(runDir, "summary.json"), string.Create(CultureInfo.InvariantCulture,
            $"{{\"task\":\"{request.Settings.Task}\",\"lm_mode\":\"{spec.Base}\",\"seed\":{request.Seed},\"epochs\":{epochs}," +
            $"\"primary_metric\":\"{MetricKey}\",\"final_metrics\":{{\"{MetricKey}\":{stored}}},\"best_metrics\":{{\"{MetricKey}\":{stored}}}," +
            $"\"params_total\":{trainable + frozen},\"params_trainable\":{trainable},\"params_frozen\":{frozen}," +
            $"\"samples_per_s\":{100 + request.Seed}}}"));
    }
}

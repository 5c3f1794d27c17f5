using FrozenLm.Analysis;
using FrozenLm.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tests.Tasks.Signals;

/// <summary>
/// Explains a signals run: magnitude and frequency maps over the 8 tokens at every capture point, scored (oracle mIoU,
/// AUROC) against the tokens the bump covers, and the gradient coherence of the embedding.
/// </summary>
internal sealed class SignalsExplainer : ITaskExplainer
{
    public void CheckOptions(ExplainOptions options, string runDir)
    {
        if (options.Masks is not null)
            throw new UserInputException("--masks", $"object masks are for image runs; {runDir} is a signals run");
        if (options.Data is not null)
            throw new UserInputException("--data", $"is for image runs; {runDir} is explained on its own test signals");
    }

    public string CompareNote(string data, int samplesPerRun, double? chanceMiou) =>
        $"On {data}, up to {samplesPerRun} test signals per run; a token is 4 samples, object tokens are those the bump covers.";

    public TaskExplanation Explain(ITrainingTask task, string runDir, string outDir, ExplainOptions options, Device device,
        TextWriter? log = null)
    {
        var signals = (SignalsTask)task;
        var data = signals.EvalSet;
        var picked = SamplePick.Pick(data.Count, options.Images, options.Seed);
        using var batch = new SignalsBatch(data, picked);
        var captured = CapturedMaps.Capture(c => signals.Signals.Capture = c, () => signals.Signals.forward(batch.Inputs.to(device)));
        var scores = new Dictionary<string, (MapScoreAccumulator Magnitude, MapScoreAccumulator Frequency)>();
        try
        {
            foreach (var (key, values) in CapturedMaps.Maps(captured, SignalsOptions.Tokens, 1, prefixTokens: 0))
            {
                var (point, kind) = CapturedMaps.Split(key);
                if (kind == "attn")
                    continue;
                if (!scores.TryGetValue(point, out var pair))
                    scores[point] = pair = (new MapScoreAccumulator(), new MapScoreAccumulator());
                for (var b = 0; b < picked.Length; b++)
                {
                    var map = values.AsSpan(b * SignalsOptions.Tokens, SignalsOptions.Tokens);
                    (kind == "magnitude" ? pair.Magnitude : pair.Frequency).Add(map, data.BumpTokens(picked[b]));
                }
            }
        }
        finally
        {
            foreach (var t in captured.Values)
                t.Dispose();
        }
        var report = new FilteringReport
        {
            Task = signals.Name,
            Run = Path.GetFullPath(runDir),
            Data = data.Name,
            Images = picked.Length,
            Grid = [SignalsOptions.Tokens, 1],
            Points = scores.ToDictionary(s => s.Key, s => new FilteringPointScores(
                s.Value.Magnitude.MeanIoU, s.Value.Frequency.MeanIoU, s.Value.Magnitude.MeanAuroc, s.Value.Frequency.MeanAuroc)),
            ObjectTokenFraction = picked.Average(i => data.BumpTokens(i).Average(t => t ? 1.0 : 0.0)),
            GradientCoherence = options.CoherenceSamples > 0 ? Coherence(signals, device, options.CoherenceSamples) : null,
        };
        var files = ExplainFiles.Save(report, outDir);
        var lines = report.Points.Select(p => $"{p.Key,-12} mag mIoU {FilteringText.Pct(p.Value.MagnitudeMiou)}, mag AUROC {FilteringText.Pct(p.Value.MagnitudeAuroc)}").ToList();
        if (report.GradientCoherence is { } c)
            lines.Add(FilteringText.CoherenceLine(c));
        return new TaskExplanation(report, lines, files);
    }

    private static GradientCoherenceResult Coherence(SignalsTask task, Device device, int samples)
    {
        var parameters = EncoderCoherence.Parameters(task.Signals, "lm_stage.", "head.");
        using var batch = new SignalsBatch(task.TrainSet, Enumerable.Range(0, Math.Min(samples, task.TrainSet.Count)).ToArray());
        task.Signals.eval();
        return GradientCoherence.Measure(parameters, batch.Size, i =>
            nn.functional.mse_loss(task.Signals.forward(batch.Inputs.narrow(0, i, 1).to(device)), batch.Targets.narrow(0, i, 1).to(device)));
    }
}

using TorchSharp;

namespace FrozenLm.Training.TensorBoard;

/// <summary>
/// Mirrors a run's progress into a TensorBoard event file. Tags: per optimizer step <c>train/loss</c> (the step's
/// loss), <c>train/lr</c>, <c>train/grad_norm</c> (global norm before clipping); per epoch <c>epoch/train_loss</c>,
/// <c>epoch/eval_loss</c>, <c>eval/&lt;metric&gt;</c> for each task metric, <c>epoch/samples_per_s</c>,
/// <c>epoch/seconds</c> (step = global step at the epoch's end); at the end histograms <c>weights/&lt;name&gt;</c> of the
/// LM stage's mapper weights. Forwards everything to an inner observer.
/// </summary>
public sealed class TensorBoardObserver(string dir, ITrainingObserver inner) : ITrainingObserver, IDisposable
{
    private readonly TensorBoardWriter _writer = new(dir);
    private long _step;

    public string FilePath => _writer.FilePath;

    public void RunStarted(RunStart start) => inner.RunStarted(start);

    public void StepFinished(StepProgress progress)
    {
        _step = progress.GlobalStep;
        _writer.Scalar("train/loss", double.IsNaN(progress.StepLoss) ? progress.Loss : progress.StepLoss, _step);
        _writer.Scalar("train/lr", progress.Lr, _step);
        if (!double.IsNaN(progress.GradNorm))
            _writer.Scalar("train/grad_norm", progress.GradNorm, _step);
        inner.StepFinished(progress);
    }

    public void EpochFinished(EpochMetrics metrics)
    {
        _writer.Scalar("epoch/train_loss", metrics.Loss, _step);
        if (!double.IsNaN(metrics.EvalLoss))
            _writer.Scalar("epoch/eval_loss", metrics.EvalLoss, _step);
        foreach (var (key, value) in metrics.Metrics)
            _writer.Scalar($"eval/{key}", value, _step);
        _writer.Scalar("epoch/samples_per_s", metrics.SamplesPerSecond, _step);
        _writer.Scalar("epoch/seconds", metrics.Seconds, _step);
        inner.EpochFinished(metrics);
    }

    public void Message(string text) => inner.Message(text);

    /// <summary>Histograms of every parameter whose name holds "mapper" (the LM stage's linear layers in and out).</summary>
    public void WriteMapperHistograms(torch.nn.Module model)
    {
        using var scope = torch.NewDisposeScope();
        foreach (var (name, parameter) in model.named_parameters())
        {
            if (!name.Contains("mapper", StringComparison.Ordinal))
                continue;
            var values = parameter.detach().cpu().to_type(torch.ScalarType.Float32).flatten();
            _writer.Histogram($"weights/{name}", values.data<float>().ToArray(), _step);
        }
    }

    public void Dispose() => _writer.Dispose();
}

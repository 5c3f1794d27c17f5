using FrozenLm.Flops;
using FrozenLm.Tasks;
using System.Diagnostics;
using FrozenLm.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Training;

/// <summary>
/// The training loop for any <see cref="ITrainingTask"/>: AdamW over the trainable parameters in the groups of
/// <c>options.ParamGroups</c> (weight decay, lr multiplier), per-step warm-up + cosine learning rate, optional gradient
/// clipping, evaluation after every epoch, and the run directory's files after every epoch. The metrics recorded and the
/// "best" epoch follow the task definition's declaration (<see cref="ITaskDefinition.Metrics"/>, its primary metric's direction).
/// </summary>
internal sealed class Trainer
{
    private readonly ITrainingTask _task;
    private readonly ITaskDefinition _definition;
    private readonly string _dir;
    private readonly ITrainingObserver _observer;

    public Trainer(ITrainingTask task, ITaskDefinition definition, string dir, ITrainingObserver observer)
    {
        _task = task;
        _definition = definition;
        _dir = dir;
        _observer = observer;
    }

    public RunSummary Fit(bool resume, Action<MetricsLog> afterEpoch, CancellationToken ct)
    {
        var o = _task.Options;
        var model = _task.Model;
        var groups = ParameterGroups.Of(model, o.ParamGroups);
        using var optimizer = new AdamW(groups.ForOptimizer(o.WeightDecay));
        var perEpoch = _task.TrainBatchesPerEpoch;
        var schedule = new LrSchedule(o.Lr, o.MinLr, o.WarmupLr, (int)Math.Round(o.WarmupEpochs * perEpoch), o.Epochs * perEpoch);
        var primary = _definition.PrimaryMetric;
        var state = new TrainState(0, 0, primary.Worst, 0, o.Seed);
        MetricsLog log;
        if (resume)
        {
            RunFiles.DeleteLeftoverTemporaries(_dir);
            state = TrainingCheckpoint.LoadState(Path.Combine(_dir, RunFiles.TrainState), model, optimizer, out var hasWeights);
            if (hasWeights)
            {
                RestoreWeightCopies(model, state);
            }
            else
            {
                var weightsEpoch = TrainingCheckpoint.LoadTrainable(model, Path.Combine(_dir, RunFiles.LastWeights));
                if (weightsEpoch != state.EpochsDone)
                    throw new UserInputException(_dir,
                        $"{RunFiles.LastWeights} is from epoch {weightsEpoch} but {RunFiles.TrainState} from epoch {state.EpochsDone}");
            }
            log = MetricsLog.Open(_dir, state.EpochsDone, _task.SampleUnit);
            afterEpoch(log);
        }
        else
        {
            log = MetricsLog.Create(_dir);
        }
        _observer.RunStarted(new RunStart(_task.Name, _dir, o.Epochs, state.EpochsDone, perEpoch, _task.EvalBatchesPerEpoch,
            groups.TrainableCount, groups.FrozenCount, _task.SampleUnit, Flops));

        var step = state.Step;
        for (var epoch = state.EpochsDone; epoch < o.Epochs; epoch++)
        {
            ct.ThrowIfCancellationRequested();
            torch.manual_seed(Seeding.Derive(o.Seed, $"epoch:{epoch}")).Dispose();
            var clock = Stopwatch.StartNew();
            var (loss, lr, samples, gradNorm, gradNormMax) = TrainEpoch(epoch, optimizer, groups, schedule, ref step, ct);
            var trainSeconds = clock.Elapsed.TotalSeconds;
            var totals = EvaluateAll(ct);
            var metrics = _definition.Metrics.Where(m => totals.Has(m.Key)).ToDictionary(m => m.Key, m => totals.Mean(m.Key));
            var epochMetrics = new EpochMetrics(epoch + 1, loss, totals.Mean("loss"), metrics, lr, samples / trainSeconds,
                clock.Elapsed.TotalSeconds, gradNorm, gradNormMax);
            var value = metrics.GetValueOrDefault(primary.Key, double.NaN);
            var improved = primary.IsBetter(value, state.Best);
            state = new TrainState(epoch + 1, step, improved ? value : state.Best, improved ? epoch + 1 : state.BestEpoch, o.Seed);
            using (PhaseClock.Enter(RunTiming.Reports))
                log.Append(epochMetrics, _task.SampleUnit);
            _observer.FileWritten(Path.Combine(_dir, RunFiles.Metrics));
            using (PhaseClock.Enter(RunTiming.Checkpoint))
            {
                TrainingCheckpoint.SaveState(Path.Combine(_dir, RunFiles.TrainState), model, optimizer, state);
                _observer.FileWritten(Path.Combine(_dir, RunFiles.TrainState));
                TrainingCheckpoint.SaveTrainable(model, Path.Combine(_dir, RunFiles.LastWeights), epoch + 1);
                _observer.FileWritten(Path.Combine(_dir, RunFiles.LastWeights));
                if (improved)
                {
                    TrainingCheckpoint.SaveTrainable(model, Path.Combine(_dir, RunFiles.BestWeights), epoch + 1);
                    _observer.FileWritten(Path.Combine(_dir, RunFiles.BestWeights));
                }
            }
            using (PhaseClock.Enter(RunTiming.Reports))
                afterEpoch(log);
            _observer.FileWritten(Path.Combine(_dir, RunFiles.Curves));
            _observer.EpochFinished(epochMetrics);
        }
        return Summarize(log, groups, state, primary);
    }

    /// <summary>The model's FLOPs per sample, when it counts them.</summary>
    private FlopCount? Flops => _task.FlopsPerSample();

    /// <summary>
    /// The checkpoint (train state) is written first and is the commit; a kill right after it can leave last.safetensors
    /// (and best.safetensors, when that epoch was the best) one epoch behind. They are the checkpoint's weights, so rewrite them.
    /// </summary>
    private void RestoreWeightCopies(nn.Module model, TrainState state)
    {
        if (state.EpochsDone == 0)
            return;
        var last = Path.Combine(_dir, RunFiles.LastWeights);
        if (TrainingCheckpoint.EpochOf(last) != state.EpochsDone)
            TrainingCheckpoint.SaveTrainable(model, last, state.EpochsDone);
        var best = Path.Combine(_dir, RunFiles.BestWeights);
        if (state.BestEpoch == state.EpochsDone && TrainingCheckpoint.EpochOf(best) != state.BestEpoch)
            TrainingCheckpoint.SaveTrainable(model, best, state.EpochsDone);
    }

    private (double Loss, double Lr, long Samples, double GradNorm, double GradNormMax) TrainEpoch(int epoch, AdamW optimizer,
        ParameterGroups groups, LrSchedule schedule, ref long step, CancellationToken ct)
    {
        var o = _task.Options;
        _task.Model.train();
        var clock = Stopwatch.StartNew();
        double lossSum = 0;
        long samples = 0;
        var lr = schedule.At((int)step);
        var batchIndex = 0;
        var trainingStep = new TrainingStep(_task, optimizer, groups);
        double normSum = 0, normMax = 0;
        foreach (var batch in PhaseClock.Timed(_task.TrainBatches(epoch), RunTiming.Data))
        {
            using (batch)
            using (PhaseClock.Enter(RunTiming.Train))
            using (var scope = torch.NewDisposeScope())
            {
                ct.ThrowIfCancellationRequested();
                lr = schedule.At((int)step);
                var at = (epoch + 1, step + 1);
                var (lossValue, norm) = trainingStep.Take(batch, lr, value =>
                    new InvalidOperationException($"training diverged: loss {value} at epoch {at.Item1}, step {at.Item2} (lower --lr or set --clip-grad)"));
                normSum += norm;
                normMax = Math.Max(normMax, norm);
                step++;
                batchIndex++;
                lossSum += (double)lossValue * batch.Size;
                samples += batch.Size;
                _observer.StepFinished(new StepProgress(epoch + 1, o.Epochs, batchIndex, _task.TrainBatchesPerEpoch, step,
                    lossSum / samples, lr, samples / clock.Elapsed.TotalSeconds, clock.Elapsed, lossValue, norm));
            }
        }
        return (samples == 0 ? double.NaN : lossSum / samples, lr, samples,
            batchIndex == 0 ? double.NaN : normSum / batchIndex, batchIndex == 0 ? double.NaN : normMax);
    }

    private MetricTotals EvaluateAll(CancellationToken ct)
    {
        _task.Model.eval();
        var totals = new MetricTotals();
        using (torch.no_grad())
        {
            foreach (var batch in PhaseClock.Timed(_task.EvalBatches(), RunTiming.Data))
            {
                using (batch)
                using (PhaseClock.Enter(RunTiming.Eval))
                {
                    ct.ThrowIfCancellationRequested();
                    _task.Evaluate(batch, totals);
                }
            }
        }
        return totals;
    }

    private RunSummary Summarize(MetricsLog log, ParameterGroups groups, TrainState state, MetricInfo primary)
    {
        var o = _task.Options;
        var last = log.Epochs[^1];
        var best = log.Epochs.FirstOrDefault(e => e.Epoch == state.BestEpoch) ?? last;
        var classification = primary.Key == "top1";
        return new RunSummary
        {
            Task = _task.Name,
            LmMode = o.Lm.Mode.ToString().ToLowerInvariant(),
            Seed = o.Seed,
            Epochs = o.Epochs,
            PrimaryMetric = primary.Key,
            PrimaryHigherIsBetter = primary.HigherIsBetter,
            BestMetrics = best.Metrics,
            BestEpoch = best.Epoch,
            FinalMetrics = last.Metrics,
            BestTop1 = classification ? best.Metrics.GetValueOrDefault(primary.Key, double.NaN) : null,
            FinalTop1 = classification ? last.Metrics.GetValueOrDefault(primary.Key, double.NaN) : null,
            ParamsTotal = groups.TrainableCount + groups.FrozenCount,
            ParamsTrainable = groups.TrainableCount,
            ParamsFrozen = groups.FrozenCount,
            GflopsPerSample = Flops is { } f ? Math.Round(f.Forward / 1e9, 6) : null,
            TrainGflopsPerSample = Flops is { } t ? Math.Round(t.Train / 1e9, 6) : null,
            SamplesPerS = log.Epochs.Average(e => e.SamplesPerSecond),
            ImagesPerS = _task.SampleUnit == "images" ? log.Epochs.Average(e => e.SamplesPerSecond) : null,
            Seconds = log.Epochs.Sum(e => e.Seconds),
            OutDir = _dir,
        };
    }
}

using FrozenLm.Tasks;
namespace FrozenLm.Training;

/// <summary>
/// A finished (or interrupted) run reopened for evaluation or prediction: its task rebuilt from config.json (the
/// frozen block re-read from its source, checksum verified) with the trainable weights of best or last.safetensors.
/// </summary>
public sealed class TrainedRun : IDisposable
{
    private TrainedRun(RunConfig config, ITrainingTask task, string weightsPath, int epoch)
    {
        Config = config;
        Task = task;
        WeightsPath = weightsPath;
        Epoch = epoch;
    }

    public RunConfig Config { get; }
    public ITrainingTask Task { get; }
    public string WeightsPath { get; }

    /// <summary>The epoch the loaded weights come from.</summary>
    public int Epoch { get; }

    /// <param name="runDir">The run directory.</param>
    /// <param name="device">Where to run.</param>
    /// <param name="data">Evaluate on another data source with the same classes (null = the run's).</param>
    /// <param name="useLast">Load last.safetensors instead of best.safetensors.</param>
    public static TrainedRun Open(string runDir, TorchSharp.torch.Device device, string? data = null, bool useLast = false)
    {
        var config = RunConfig.Load(runDir);
        var options = data is null ? config.Options : config.Options with { Data = data, DataFormat = null };
        var weights = Path.Combine(runDir, useLast ? RunFiles.LastWeights : RunFiles.BestWeights);
        if (!File.Exists(weights))
            throw new UserInputException(runDir, $"no {Path.GetFileName(weights)} (the run has no finished epoch)");
        var task = TaskRegistry.Get(options.Task).Create(options, device, config.Lm?.Checksum);
        try
        {
            var epoch = TrainingCheckpoint.LoadTrainable(task.Model, weights);
            task.Model.eval();
            return new TrainedRun(config, task, weights, epoch);
        }
        catch
        {
            task.Dispose();
            throw;
        }
    }

    public void Dispose() => Task.Dispose();
}

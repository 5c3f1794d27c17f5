namespace FrozenLm.Training;

/// <summary>Receives training progress (the CLI renders it; tests and the compare runner collect it). All members optional.</summary>
public interface ITrainingObserver
{
    void RunStarted(RunStart start) { }

    void StepFinished(StepProgress progress) { }

    void EpochFinished(EpochMetrics metrics) { }

    void Message(string text) { }

    /// <summary>A run file was written (atomically) at the end of an epoch: metrics, checkpoint, weights, curves.</summary>
    void FileWritten(string path) { }
}

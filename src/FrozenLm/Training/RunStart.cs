using FrozenLm.Flops;

namespace FrozenLm.Training;

/// <summary>
/// What a run is about to do: epochs, batches per epoch, where it starts (resume), parameter counts, and the model's
/// FLOPs per sample when it counts them.
/// </summary>
public sealed record RunStart(string Task, string OutDir, int Epochs, int FirstEpoch, int TrainBatchesPerEpoch,
    int EvalBatchesPerEpoch, long ParamsTrainable, long ParamsFrozen, string SampleUnit, FlopCount? Flops = null);

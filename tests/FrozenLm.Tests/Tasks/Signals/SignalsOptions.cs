using FrozenLm.FrozenStage;
using FrozenLm.Tasks;

namespace FrozenLm.Tests.Tasks.Signals;

/// <summary>
/// Everything the test-only <c>signals</c> task can be set to, in one place: its own settings (signal length, token
/// size, data sizes) and its one preset expressed in today's shared <see cref="TrainOptions"/>.
/// </summary>
internal static class SignalsOptions
{
    public const string TaskName = "signals";
    public const string DataName = "generated-bumps";

    /// <summary>Samples per signal, and samples per token (8 tokens of 4 samples).</summary>
    public const int Length = 32;
    public const int TokenSize = 4;
    public const int Tokens = Length / TokenSize;

    public const int TrainCount = 96;
    public const int EvalCount = 32;

    /// <summary>The data never changes with the run's seed (only the model init and batch order do).</summary>
    public const int TrainDataSeed = 11;
    public const int EvalDataSeed = 12;

    public static TrainOptions Quick() => new()
    {
        Task = TaskName,
        Preset = "quick",
        Data = DataName,
        Model = "signals-linear",
        Dim = 16,
        Epochs = 2,
        BatchSize = 16,
        Lr = 3e-3,
        MinLr = 1e-4,
        WarmupEpochs = 0,
        WeightDecay = 0.01,
        Workers = 1,
        Lm = new LmStageOptions { Mode = LmStageMode.Frozen, Source = "minilm", Layers = [5] },
    };
}

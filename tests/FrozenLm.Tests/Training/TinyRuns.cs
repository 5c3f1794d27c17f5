using FrozenLm.Tasks;
using FrozenLm.FrozenStage;
using FrozenLm.Training;

namespace FrozenLm.Tests.Training;

/// <summary>Options for runs small enough for unit tests (a ViT of width 12 on 8x8 images, 3 steps per epoch).</summary>
internal static class TinyRuns
{
    public static TrainOptions Options(string dataDir, LmStageMode mode, int epochs = 2, int seed = 4) =>
        TrainOptions.Resolve("image", "quick", new TrainOverrides
        {
            Data = dataDir,
            Epochs = epochs,
            BatchSize = 16,
            Lr = 3e-3,
            WarmupEpochs = 0.5,
            Workers = 1,
            Seed = seed,
            LmMode = mode,
            Lm = "minilm",
            LmLayers = [5],
            Flags = new Dictionary<string, object?> { ["--dim"] = 12, ["--depth"] = 1, ["--heads"] = 2, ["--patch"] = 4, ["--img-size"] = 8, ["--drop-path"] = 0.1 },
        });
}

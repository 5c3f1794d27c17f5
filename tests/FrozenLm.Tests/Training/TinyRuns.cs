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
            Dim = 12,
            Depth = 1,
            Heads = 2,
            Patch = 4,
            ImgSize = 8,
            DropPath = 0.1,
            Workers = 1,
            Seed = seed,
            LmMode = mode,
            Lm = "minilm",
            LmLayers = [5],
        });
}

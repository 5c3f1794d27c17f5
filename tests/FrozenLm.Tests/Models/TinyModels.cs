using FrozenLm.Encoders;
using FrozenLm.FrozenStage;
using FrozenLm.LanguageModels;

namespace FrozenLm.Tests.Models;

/// <summary>Tiny ViTs and LM stages for fast model tests.</summary>
internal static class TinyModels
{
    public const int LmDim = 32;

    public static readonly LmConfig TinyLlama = new()
    {
        Family = FrozenLm.LanguageModels.Families.LlamaFamily.Instance,
        ModelType = "llama",
        NumLayers = 2,
        HiddenSize = LmDim,
        NumHeads = 4,
        NumKvHeads = 2,
        HeadDim = 8,
        FfnSize = 64,
        NormEps = 1e-6,
        Activation = "silu",
    };

    public static VitConfig Vit(int channels = 1, int dim = 24, int depth = 2) => new()
    {
        Dim = dim, Depth = depth, Heads = 3, PatchSize = 4, ImageSize = 8, Channels = channels, NumClasses = 5, MlpRatio = 2,
    };

    /// <summary>A stage of <paramref name="mode"/> around a random tiny llama block (frozen, finetune, random) or an MLP.</summary>
    public static LmStage? Stage(LmStageMode mode, int visualDim, bool residual = false)
    {
        if (mode == LmStageMode.None)
            return null;
        if (mode == LmStageMode.Mlp)
            return new MlpStage(visualDim, LmDim);
        var stack = LmBlockStack.CreateRandom(TinyLlama, [1], new LmLoadOptions(), seed: 3);
        if (mode == LmStageMode.Frozen)
            stack.Freeze();
        return new LmBlockStage(visualDim, stack, stack.Blocks, LmDim, mode, TinyLlama.NormEps, residual);
    }

    public static VisionTransformer Model(LmStageMode mode, LmStagePosition position = LmStagePosition.Tail,
        int channels = 1, bool residual = false)
    {
        TorchSharp.torch.manual_seed(7);
        var config = Vit(channels);
        return new VisionTransformer(config, Stage(mode, config.Dim, residual), position);
    }

    public static IEnumerable<object[]> AllModes() =>
        LmStageMode.All.Select(m => new object[] { m });
}

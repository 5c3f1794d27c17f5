using FrozenLm.LanguageModels.Checkpoints;

namespace FrozenLm.LanguageModels;

/// <summary>What <c>lm inspect</c> reports about a checkpoint: its block shape, stored dtype, format and sizes.</summary>
public sealed record LmInspection(
    string Source,
    string Architecture,
    string ModelType,
    int NumLayers,
    int HiddenSize,
    int NumHeads,
    int NumKvHeads,
    int HeadDim,
    int FfnSize,
    double NormEps,
    string Activation,
    bool PreNorm,
    string DType,
    string Format,
    long ParamsPerLayer,
    IReadOnlyList<string> StoredTypes)
{
    /// <summary>Opens <paramref name="source"/> (headers only) and describes it.</summary>
    public static LmInspection Of(string source)
    {
        using var checkpoint = LmCheckpointLoader.Open(source);
        var c = checkpoint.Config;
        return new LmInspection(source, c.Family.Name, c.ModelType, c.NumLayers, c.HiddenSize,
            c.NumHeads, c.NumKvHeads, c.HeadDim, c.FfnSize, c.NormEps, c.Activation, c.PreNorm, c.StoredDType, checkpoint.Format,
            c.Family.ParameterCountPerLayer(c), checkpoint.StoredTypes);
    }

    /// <summary>Bytes one layer takes in fp32.</summary>
    public long Float32BytesPerLayer => ParamsPerLayer * 4;
}

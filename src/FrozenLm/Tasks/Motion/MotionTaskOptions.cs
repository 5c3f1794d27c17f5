using FrozenLm.Data.Motion;
using FrozenLm.Encoders.Motion;

namespace FrozenLm.Tasks.Motion;

/// <summary>
/// The motion task's own settings: the model and its shape, how scenes become polylines (agents, lane segments, radius), the
/// Argoverse vector maps folder (<c>--maps</c>), the generated <c>synthetic-roads</c> set, and the regression loss's
/// smooth-L1 beta in metres.
/// </summary>
public sealed record MotionTaskOptions : TaskOptions
{
    /// <summary>The model (<c>--model</c>): <c>vectornet</c> or <c>mmtransformer</c> (see <see cref="MotionModels"/>).</summary>
    public string Architecture { get; init; } = "vectornet";

    /// <summary>The shape both models share (subgraph, token width, trunk blocks, heads, decoder width, K).</summary>
    public VectorNetConfig Model { get; init; } = new();

    /// <summary>mmTransformer's regions, proposals and stacked-transformer layers (used with <c>--model mmtransformer</c>).</summary>
    public MmTransformerConfig MmTransformer { get; init; } = new();
    public VectorizerOptions Vectorizer { get; init; } = new();

    /// <summary>Folder of the Argoverse city vector maps (null = agents only).</summary>
    public string? Maps { get; init; }

    public SyntheticRoadsOptions Roads { get; init; } = new();

    public double SmoothL1Beta { get; init; } = 1.0;
}

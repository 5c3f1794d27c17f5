using FrozenLm.Data.Motion;
using FrozenLm.Encoders.Motion;

namespace FrozenLm.Tasks.Motion;

/// <summary>
/// The motion task's own settings: VectorNet's shape, how scenes become polylines (agents, lane segments, radius), the
/// Argoverse vector maps folder (<c>--maps</c>), the generated <c>synthetic-roads</c> set, and the regression loss's
/// smooth-L1 beta in metres.
/// </summary>
public sealed record MotionTaskOptions : TaskOptions
{
    public VectorNetConfig Model { get; init; } = new();
    public VectorizerOptions Vectorizer { get; init; } = new();

    /// <summary>Folder of the Argoverse city vector maps (null = agents only).</summary>
    public string? Maps { get; init; }

    public SyntheticRoadsOptions Roads { get; init; } = new();

    public double SmoothL1Beta { get; init; } = 1.0;
}

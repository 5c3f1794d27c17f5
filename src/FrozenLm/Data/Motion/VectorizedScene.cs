namespace FrozenLm.Data.Motion;

/// <summary>
/// A scene as the model sees it, in the target's frame: vector features [P, V, F] (coordinates in units of
/// <see cref="SceneVectorizer.CoordinateScale"/> metres), which vectors and polylines are real, and, in metres, each real
/// polyline's points (for figures), the target's history [20, 2] and its future [30, 2] (zeros without a future).
/// </summary>
public sealed record VectorizedScene(
    string Id,
    AgentFrame Frame,
    float[] Vectors,
    bool[] VectorMask,
    bool[] PolylineMask,
    IReadOnlyList<(PolylineKind Kind, float[] Points)> Polylines,
    float[] History,
    float[] Future,
    bool HasFuture);

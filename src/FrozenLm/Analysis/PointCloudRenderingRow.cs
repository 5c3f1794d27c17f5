namespace FrozenLm.Analysis;

/// <summary>
/// One row of a point-cloud rendering grid: the cloud as the model saw it ([N, 3] row-major), its group centres
/// ([G, 3]), a label, and one per-group map per column ([G] values in [0, 1]; null = not available for this run).
/// </summary>
public sealed record PointCloudRenderingRow(float[] Points, float[] Centres, string Label, IReadOnlyList<float[]?> Maps);

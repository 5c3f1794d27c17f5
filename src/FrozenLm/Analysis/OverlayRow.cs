namespace FrozenLm.Analysis;

/// <summary>
/// One row of an overlay grid: the input image ([Channels, Height, Width] floats in [0, 1], unnormalised), a label, and
/// one map per column ([GridH * GridW] values in [0, 1], row-major; null = not available for this run).
/// </summary>
public sealed record OverlayRow(
    float[] Image, int Channels, int Height, int Width, string Label,
    IReadOnlyList<float[]?> Maps, int GridH, int GridW, float[]? Mask = null);

namespace FrozenLm.Tasks.Video;

/// <summary>
/// Evaluation of a video classifier: top-1 / top-5 accuracy and mean loss over the clips (probabilities averaged over
/// <see cref="Views"/> test views per clip), accuracy per class (fractions) and the confusion matrix (rows: true
/// class, columns: predicted class; counts).
/// </summary>
public sealed record VideoEvalReport
{
    public required string Data { get; init; }
    public required int Clips { get; init; }
    public required int Views { get; init; }
    public required string FrameOrder { get; init; }
    public required double Top1 { get; init; }
    public required double Top5 { get; init; }
    public required double Loss { get; init; }
    public required IReadOnlyList<ClassAccuracy> PerClass { get; init; }
    public required long[][] Confusion { get; init; }
    public required int WeightsEpoch { get; init; }
}

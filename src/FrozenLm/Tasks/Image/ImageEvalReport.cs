namespace FrozenLm.Tasks.Image;

/// <summary>
/// Evaluation of an image classifier on a data set: top-1 / top-5 accuracy and mean loss over all samples, accuracy per
/// class (fractions), and the confusion matrix (rows: true class, columns: predicted class; counts).
/// </summary>
public sealed record ImageEvalReport
{
    public required string Data { get; init; }
    public required int Samples { get; init; }
    public required double Top1 { get; init; }
    public required double Top5 { get; init; }
    public required double Loss { get; init; }
    public required IReadOnlyList<ClassAccuracy> PerClass { get; init; }
    public required long[][] Confusion { get; init; }
    public required int WeightsEpoch { get; init; }
}

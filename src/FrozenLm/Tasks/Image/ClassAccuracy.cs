namespace FrozenLm.Tasks.Image;

/// <summary>Accuracy (fraction) of one class over its <see cref="Count"/> evaluation samples.</summary>
public sealed record ClassAccuracy(string Name, int Count, double Accuracy);

using static TorchSharp.torch;

namespace FrozenLm.Tasks.Sqa3d;

/// <summary>
/// One 3D QA batch: scenes [B, N, 6] (xyz + rgb), their points' object segments [B, N] (int64, -1 = none; null when
/// a scene of the batch has none), answer indices [B] (int64; -1 = outside the vocabulary), situation
/// targets [B, 4] (x, y, cos yaw, sin yaw), the situation and question texts, family indices (into the data's
/// families) and sample indices. Owns its tensors.
/// </summary>
public sealed class Sqa3dTaskBatch(Tensor scenes, Tensor? segments, Tensor answers, Tensor poses, IReadOnlyList<string> situations,
    IReadOnlyList<string> questions, int[] families, int[] indices) : ITaskBatch
{
    public Tensor Scenes { get; } = scenes;
    public Tensor? Segments { get; } = segments;
    public Tensor Answers { get; } = answers;
    public Tensor Poses { get; } = poses;
    public IReadOnlyList<string> Situations { get; } = situations;
    public IReadOnlyList<string> Questions { get; } = questions;
    public int[] Families { get; } = families;
    public int[] Indices { get; } = indices;

    public int Size => Indices.Length;

    public void Dispose()
    {
        Scenes.Dispose();
        Segments?.Dispose();
        Answers.Dispose();
        Poses.Dispose();
    }
}

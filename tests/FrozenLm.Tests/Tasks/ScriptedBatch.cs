using FrozenLm.Tasks;
using static TorchSharp.torch;

namespace FrozenLm.Tests.Tasks;

/// <summary>A batch of the scripted task: inputs [B, width].</summary>
public sealed class ScriptedBatch(Tensor inputs) : ITaskBatch
{
    public Tensor Inputs { get; } = inputs;

    public int Size => (int)Inputs.shape[0];

    public void Dispose() => Inputs.Dispose();
}

using FrozenLm.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tests.Tasks.Signals;

/// <summary>Signals as tokens [B, T, S] with their amplitudes [B] and their indices in the data set.</summary>
internal sealed class SignalsBatch : ITaskBatch
{
    public SignalsBatch(SignalsData data, int[] indices)
    {
        Indices = indices;
        var x = new float[indices.Length * SignalsOptions.Length];
        for (var b = 0; b < indices.Length; b++)
            data.Signal(indices[b]).CopyTo(x.AsSpan(b * SignalsOptions.Length));
        Inputs = torch.tensor(x, [indices.Length, SignalsOptions.Tokens, SignalsOptions.TokenSize]);   // [B, T, S]
        Targets = torch.tensor(indices.Select(i => data.Amplitudes[i]).ToArray());                    // [B]
    }

    public int[] Indices { get; }
    public Tensor Inputs { get; }
    public Tensor Targets { get; }
    public int Size => Indices.Length;

    public void Dispose()
    {
        Inputs.Dispose();
        Targets.Dispose();
    }
}

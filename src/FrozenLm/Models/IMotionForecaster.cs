using FrozenLm.Flops;
using FrozenLm.FrozenStage;
using static TorchSharp.torch;

namespace FrozenLm.Models;

/// <summary>
/// A motion-forecasting model the motion task trains, evaluates, predicts and explains with: VectorNet or
/// mmTransformer, chosen by <c>--model</c> through <c>MotionModels</c>. It owns its training loss (winner-takes-all or
/// region-based) and how its raw candidates become the K forecast.
/// </summary>
public interface IMotionForecaster : IDisposable
{
    /// <summary>The registry name (<c>vectornet</c>, <c>mmtransformer</c>).</summary>
    string Architecture { get; }

    nn.Module Module { get; }

    LmStage? Stage { get; }

    /// <summary>Receives the named intermediate tensors during forward.</summary>
    Action<string, Tensor>? Capture { get; set; }

    /// <summary>FLOPs per scene of <paramref name="polylines"/> polylines of <paramref name="vectors"/> vectors (padding included, as it is computed).</summary>
    FlopCount Flops(long polylines, long vectors);

    /// <summary>Whether the captured tokens are one per polyline (what <c>explain</c> draws on the scene).</summary>
    bool TokensArePolylines { get; }

    /// <summary>Candidate trajectories [B, M, T, 2] (feature units, target frame) and their logits [B, M].</summary>
    (Tensor Trajectories, Tensor Logits) Forward(Tensor vectors, Tensor vectorMask, Tensor polylineMask);

    /// <summary>The K forecast [B, K, T, 2] and its logits [B, K] from the candidates of <see cref="Forward"/>.</summary>
    (Tensor Trajectories, Tensor Logits) Select(Tensor trajectories, Tensor logits);

    /// <summary>The training loss for candidates and the ground truth [B, T, 2] (feature units).</summary>
    Tensor Loss(Tensor trajectories, Tensor logits, Tensor truth, double smoothL1Beta);

    /// <summary>Sets what the model derives from the training futures (anchors, regions), each [T * 2] in feature units.</summary>
    void FitToTraining(IReadOnlyList<float[]> futures, int seed);
}

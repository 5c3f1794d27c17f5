using FrozenLm.Data.Motion;
using static TorchSharp.torch;

namespace FrozenLm.Tasks.Motion;

/// <summary>
/// What <c>explain</c> scores on an mmTransformer run, whose trunk and LM stage hold trajectory proposals rather than
/// polylines: the magnitude activation per proposal token (as <see cref="PolylineActivations.Magnitude(Tensor, IReadOnlyList{bool[]})"/>
/// over all proposals), and which proposals are relevant: the group of the region nearest the ground-truth endpoint,
/// the group region-based training draws the regressed proposal from.
/// </summary>
public static class ProposalActivations
{
    /// <param name="tokens">Captured proposal tokens [B, M, C] (CPU, float32).</param>
    public static List<double[]> Magnitude(Tensor tokens)
    {
        var (b, m) = ((int)tokens.shape[0], (int)tokens.shape[1]);
        return PolylineActivations.Magnitude(tokens, Enumerable.Range(0, b).Select(_ => Enumerable.Repeat(true, m).ToArray()).ToList());
    }

    /// <summary>The proposals [R * <paramref name="perRegion"/>] of the region whose centre is nearest the scene's future endpoint.</summary>
    /// <param name="scene">A scene with its future (metres, target frame).</param>
    /// <param name="centres">Region centres [R * 2], row-major, in feature units (metres / <see cref="SceneVectorizer.CoordinateScale"/>).</param>
    /// <param name="perRegion">Proposals per region.</param>
    public static bool[] Relevant(VectorizedScene scene, float[] centres, int perRegion)
    {
        var scale = SceneVectorizer.CoordinateScale;
        var (x, y) = (scene.Future[^2] / scale, scene.Future[^1] / scale);
        var regions = centres.Length / 2;
        var nearest = Enumerable.Range(0, regions)
            .MinBy(r => (centres[2 * r] - x) * (centres[2 * r] - x) + (centres[2 * r + 1] - y) * (centres[2 * r + 1] - y));
        return Enumerable.Range(0, regions * perRegion).Select(i => i / perRegion == nearest).ToArray();
    }
}

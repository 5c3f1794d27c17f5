using static TorchSharp.torch;

namespace FrozenLm.Data.Motion;

/// <summary>
/// A batch of vectorized scenes: <see cref="Vectors"/> [B, P, V, F], <see cref="VectorMask"/> [B, P, V] and
/// <see cref="PolylineMask"/> [B, P] (bool), <see cref="Future"/> [B, 30, 2] in feature units (zeros where a scene has
/// none), and the scenes themselves (for metrics in metres and figures).
/// </summary>
public sealed class MotionBatch : IDisposable
{
    public MotionBatch(IReadOnlyList<VectorizedScene> scenes, VectorizerOptions options)
    {
        Scenes = scenes;
        var (b, p, v, f) = (scenes.Count, options.Polylines, options.Vectors, SceneVectorizer.FeatureDim);
        Vectors = tensor(scenes.SelectMany(s => s.Vectors).ToArray(), [b, p, v, f]);
        VectorMask = tensor(scenes.SelectMany(s => s.VectorMask).ToArray(), [b, p, v]);
        PolylineMask = tensor(scenes.SelectMany(s => s.PolylineMask).ToArray(), [b, p]);
        var scale = (float)SceneVectorizer.CoordinateScale;
        Future = tensor(scenes.SelectMany(s => s.Future.Select(x => x / scale)).ToArray(), [b, MotionTiming.FutureSteps, 2]);
    }

    public IReadOnlyList<VectorizedScene> Scenes { get; }
    public int Size => Scenes.Count;
    public Tensor Vectors { get; }
    public Tensor VectorMask { get; }
    public Tensor PolylineMask { get; }
    public Tensor Future { get; }

    public void Dispose()
    {
        Vectors.Dispose();
        VectorMask.Dispose();
        PolylineMask.Dispose();
        Future.Dispose();
    }
}

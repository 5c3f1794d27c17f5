namespace FrozenLm.Tasks;

/// <summary>
/// Writes a trained model for use outside FrozenLm (<c>export</c>): an ONNX model that ONNX Runtime runs alone, or
/// every weight (frozen ones included) as safetensors with a <c>config.json</c> beside it. Every file is written
/// temp + rename; nothing is written when the model cannot be exported.
/// </summary>
public interface ITaskExporter
{
    /// <summary>Writes the model of <paramref name="task"/> (eval mode) as ONNX to <paramref name="path"/>.</summary>
    void ExportOnnx(ITrainingTask task, string path, ExportProvenance provenance);

    /// <summary>Writes every weight of <paramref name="task"/>'s model to <paramref name="path"/> and <c>config.json</c> beside it.</summary>
    void ExportSafetensors(ITrainingTask task, string path, ExportProvenance provenance);
}

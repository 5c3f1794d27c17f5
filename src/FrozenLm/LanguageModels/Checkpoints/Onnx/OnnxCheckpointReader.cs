namespace FrozenLm.LanguageModels.Checkpoints.Onnx;

/// <summary>
/// Opens an exported BERT-style ONNX encoder (a plain <c>.onnx</c> file, or ONNX bytes inside another file) as an
/// <see cref="LmCheckpoint"/> with Hugging Face tensor names. Format "onnx".
/// </summary>
public static class OnnxCheckpointReader
{
    public static LmCheckpoint Open(string path) => Open(MappedBytes.Open(path, path), path, path);

    internal static LmCheckpoint Open(IByteBlock bytes, string location, string source)
    {
        var model = OnnxModel.Parse(bytes, location);
        try
        {
            var (tensors, config) = OnnxBertRecovery.Recover(model);
            return new LmCheckpoint
            {
                Config = config,
                Tensors = new OnnxTensorSource(model, tensors, location),
                Format = "onnx",
                Source = source,
            };
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }
}

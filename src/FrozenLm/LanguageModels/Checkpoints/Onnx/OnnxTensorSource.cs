using FrozenLm.Tensors;
using TorchSharp;

namespace FrozenLm.LanguageModels.Checkpoints.Onnx;

/// <summary>The initializers of an ONNX graph under recovered Hugging Face names, read lazily from the mapped model.</summary>
internal sealed class OnnxTensorSource : ITensorSource
{
    private readonly OnnxModel _model;
    private readonly IReadOnlyDictionary<string, OnnxNamedTensor> _tensors;

    public OnnxTensorSource(OnnxModel model, IReadOnlyDictionary<string, OnnxNamedTensor> tensors, string location)
    {
        _model = model;
        _tensors = tensors;
        Location = location;
        Names = [.. tensors.Keys.Order(StringComparer.Ordinal)];
    }

    public string Location { get; }

    public IReadOnlyCollection<string> Names { get; }

    public bool Contains(string name) => _tensors.ContainsKey(name);

    public TensorInfo Info(string name) => new(name, Get(name).Record.DType, Get(name).Shape);

    public torch.Tensor Read(string name)
    {
        var tensor = Get(name);
        var data = _model.Data(tensor.Record);
        var raw = RawTensors.FromBytes(data, tensor.Record.DType, tensor.Record.Shape);
        if (!tensor.Transposed)
        {
            return raw;
        }

        using (raw)
        {
            return raw.t().contiguous();
        }
    }

    public void Dispose() => _model.Dispose();

    private OnnxNamedTensor Get(string name) =>
        _tensors.TryGetValue(name, out var t) ? t : throw new UserInputException(Location, $"no tensor named '{name}'");
}

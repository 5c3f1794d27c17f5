using TorchSharp;

namespace FrozenLm.Tensors;

/// <summary>
/// A read-only, lazily read collection of named tensors (a safetensors file or a sharded set, a Meta .pth, the
/// initializers of an ONNX graph). Names follow Hugging Face conventions once a checkpoint reader has mapped them.
/// </summary>
public interface ITensorSource : IDisposable
{
    /// <summary>Path (or built-in name) used in error messages.</summary>
    string Location { get; }

    /// <summary>Every tensor name.</summary>
    IReadOnlyCollection<string> Names { get; }

    bool Contains(string name);

    /// <summary>Stored dtype and shape; throws <see cref="UserInputException"/> for an unknown name.</summary>
    TensorInfo Info(string name);

    /// <summary>Reads one tensor to a new CPU tensor in its stored dtype (only that tensor's bytes are read).</summary>
    torch.Tensor Read(string name);

    /// <summary>
    /// Copies one tensor's stored bytes (row-major, little-endian, stored dtype) into <paramref name="destination"/>, whose
    /// length must be the tensor's byte length. Sources that can read straight into caller memory override this.
    /// </summary>
    void ReadRaw(string name, Span<byte> destination)
    {
        using var stored = Read(name);
        using var contiguous = stored.contiguous();
        var length = contiguous.numel() * contiguous.ElementSize;
        if (length != destination.Length)
            throw new ArgumentException($"tensor '{name}' has {length} bytes, the destination {destination.Length}", nameof(destination));
        contiguous.bytes.CopyTo(destination);
    }
}

namespace FrozenLm.Tensors;

/// <summary>Name, stored dtype (safetensors spelling: F32, F16, BF16, F64, I64, ...) and shape of a stored tensor.</summary>
public sealed record TensorInfo(string Name, string DType, long[] Shape)
{
    /// <summary>Number of elements (product of the shape; 1 for a scalar).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);
}

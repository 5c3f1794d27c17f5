namespace FrozenLm.LanguageModels.Checkpoints.Pickle;

/// <summary>A tensor as <c>torch._utils._rebuild_tensor_v2</c> describes it: a view (offset, size, stride) of a storage.</summary>
internal sealed record TorchTensorRef(TorchStorageRef Storage, long StorageOffset, long[] Size, long[] Stride)
{
    public long ElementCount => Size.Aggregate(1L, (a, b) => a * b);

    /// <summary>True when the view is the row-major layout of its size (so its elements are one contiguous run).</summary>
    public bool IsContiguous
    {
        get
        {
            long expected = 1;
            for (var i = Size.Length - 1; i >= 0; i--)
            {
                if (Size[i] != 1 && Stride[i] != expected)
                {
                    return false;
                }

                expected *= Size[i];
            }

            return true;
        }
    }
}

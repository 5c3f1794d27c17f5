using FrozenLm.Tensors;
using TorchSharp;

namespace FrozenLm.LanguageModels.Checkpoints.Pickle;

/// <summary>
/// The tensors of Meta's <c>consolidated.NN.pth</c> shards under Hugging Face llama names; model-parallel pieces are
/// concatenated on read (wq/wk/wv/w1/w3 along rows, wo/w2 along columns), replicated tensors come from shard 0.
/// </summary>
internal sealed class MetaPthTensorSource : ITensorSource
{
    private readonly IReadOnlyList<TorchPthFile> _shards;
    private readonly Dictionary<string, (string MetaName, int? Dim, TensorInfo Info)> _tensors = new(StringComparer.Ordinal);

    public MetaPthTensorSource(IReadOnlyList<TorchPthFile> shards, string location)
    {
        _shards = shards;
        Location = location;
        var first = shards[0];
        foreach (var shard in shards.Skip(1))
        {
            if (!shard.Tensors.Keys.ToHashSet().SetEquals(first.Tensors.Keys))
            {
                throw new UserInputException(shard.Path, $"holds different tensor names than {Path.GetFileName(first.Path)}");
            }
        }

        foreach (var (metaName, tensor) in first.Tensors)
        {
            if (MetaLlamaNames.ToHuggingFace(metaName) is not { } name)
            {
                continue;
            }

            var dim = shards.Count > 1 ? MetaLlamaNames.ShardDim(metaName) : null;
            var shape = (long[])tensor.Size.Clone();
            foreach (var shard in shards.Skip(1))
            {
                var other = shard.Tensors[metaName];
                if (other.Storage.DType != tensor.Storage.DType || other.Size.Length != shape.Length
                    || Enumerable.Range(0, shape.Length).Any(i => i != dim && other.Size[i] != tensor.Size[i]))
                {
                    throw new UserInputException(shard.Path, $"'{metaName}' [{string.Join(",", other.Size)}] does not match shard 0's [{string.Join(",", tensor.Size)}]");
                }

                if (dim is { } d)
                {
                    shape[d] += other.Size[d];
                }
            }

            if (dim is { } dd && dd >= shape.Length)
            {
                throw new UserInputException(first.Path, $"'{metaName}' has {shape.Length} dims and cannot be joined along dim {dd}");
            }

            _tensors[name] = (metaName, dim, new TensorInfo(name, tensor.Storage.DType, shape));
        }

        Names = [.. _tensors.Keys.Order(StringComparer.Ordinal)];
    }

    public string Location { get; }

    public IReadOnlyCollection<string> Names { get; }

    public bool Contains(string name) => _tensors.ContainsKey(name);

    public TensorInfo Info(string name) => Get(name).Info;

    public torch.Tensor Read(string name)
    {
        var (metaName, dim, _) = Get(name);
        if (dim is not { } d)
        {
            return _shards[0].Read(_shards[0].Tensors[metaName]);
        }

        var parts = _shards.Select(s => s.Read(s.Tensors[metaName])).ToArray();
        try
        {
            return torch.cat(parts, d);
        }
        finally
        {
            foreach (var p in parts)
            {
                p.Dispose();
            }
        }
    }

    public void Dispose()
    {
        foreach (var shard in _shards)
        {
            shard.Dispose();
        }
    }

    private (string MetaName, int? Dim, TensorInfo Info) Get(string name) =>
        _tensors.TryGetValue(name, out var t) ? t : throw new UserInputException(Location, $"no tensor named '{name}'");
}

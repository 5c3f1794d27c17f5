using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text;
using FrozenLm.Tensors;
using TorchSharp;
using static TorchSharp.torch;
using Parameter = TorchSharp.Modules.Parameter;

namespace FrozenLm.LanguageModels;

/// <summary>Fills a block's parameters: key-by-key from a checkpoint with asserted shapes, or with HF random init.</summary>
internal static class LmBlockLoader
{
    private const long MaxDirectBytes = 1L << 30;

    /// <summary>
    /// Checks every tensor of the block's layer (present, floating point, shape as the config implies), then fills the
    /// parameters in parallel, largest first, and appends each tensor's name and the SHA-256 of its stored bytes to
    /// <paramref name="hash"/> in parameter order.
    /// </summary>
    public static void Copy(ITensorSource source, LmBlock block, IncrementalHash hash)
    {
        var config = block.Config;
        var layer = block.LayerIndex;
        var prefix = LmKeyMap.FindLayerPrefix(source, config.Family, layer)
                     ?? throw new UserInputException(source.Location,
                         $"has no tensors for layer {layer} (looked for names starting with '{LmKeyMap.CanonicalPrefix(config.Family, layer)}')");
        CopyModule(source, block, prefix, $" for layer {layer}", hash);
    }

    /// <summary>
    /// Fills every parameter of <paramref name="module"/> from the tensor named <paramref name="prefix"/> + its name, with
    /// the same checks and hashing as <see cref="Copy"/>; <paramref name="what"/> is appended to "is missing" errors.
    /// </summary>
    public static void CopyModule(ITensorSource source, nn.Module module, string prefix, string what, IncrementalHash hash)
    {
        var items = new List<(string Name, Parameter Parameter, string DType)>();
        foreach (var (name, parameter) in module.named_parameters())
        {
            var full = prefix + name;
            if (!source.Contains(full))
                throw new UserInputException(source.Location, $"tensor '{full}'{what} is missing");
            var info = source.Info(full);
            if (!info.Shape.SequenceEqual(parameter.shape))
                throw new UserInputException(source.Location,
                    $"tensor '{full}' has shape [{string.Join(", ", info.Shape)}] but the config implies [{string.Join(", ", parameter.shape)}]");
            if (info.DType is not ("F32" or "F16" or "BF16" or "F64"))
                throw new UserInputException(source.Location, $"tensor '{full}' has dtype {info.DType}, not a floating-point dtype");
            items.Add((full, parameter, info.DType));
        }

        var digests = new byte[items.Count][];
        var order = Enumerable.Range(0, items.Count).OrderByDescending(i => items[i].Parameter.numel()).ToList();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, torch.get_num_threads()) };
        try
        {
            Parallel.ForEach(Partitioner.Create(order, EnumerablePartitionerOptions.NoBuffering), options,
                i => digests[i] = Fill(source, items[i].Name, items[i].Parameter, items[i].DType));
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
        for (var i = 0; i < items.Count; i++)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(items[i].Name));
            hash.AppendData([0]);
            hash.AppendData(digests[i]);
        }
    }

    /// <summary>Fills one parameter from its stored tensor and returns the SHA-256 of the stored bytes.</summary>
    private static byte[] Fill(ITensorSource source, string name, Parameter parameter, string storedDType)
    {
        var stored = SafetensorsDTypes.ToScalarType(storedDType);
        var bytes = parameter.numel() * parameter.ElementSize;
        if (bytes > 0 && bytes <= MaxDirectBytes && parameter.is_contiguous())
        {
            if (stored == parameter.dtype)
            {
                var span = parameter.bytes;
                MemoryAdvice.PreferHugePages(span);
                source.ReadRaw(name, span);
                return SHA256.HashData(span);
            }
            if (stored == ScalarType.BFloat16 && parameter.dtype == ScalarType.Float32)
            {
                var span = parameter.bytes;
                MemoryAdvice.PreferHugePages(span);
                var half = Bfloat16Widening.SourceHalf(span);
                source.ReadRaw(name, half);
                var digest = SHA256.HashData(half);
                Bfloat16Widening.WidenInPlace(span);
                return digest;
            }
        }
        using var tensor = source.Read(name);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        TensorBytes.Visit(tensor, span => hash.AppendData(span));
        using (torch.no_grad())
            parameter.copy_(tensor);
        return hash.GetHashAndReset();
    }

    public static void InitRandom(LmBlock block, Generator generator)
    {
        using var noGrad = torch.no_grad();
        foreach (var (name, parameter) in block.named_parameters())
        {
            if (name.EndsWith("bias", StringComparison.Ordinal))
            {
                parameter.zero_();
            }
            else if (parameter.dim() == 1)
            {
                parameter.fill_(block.RandomNormWeight);
            }
            else
            {
                using var values = torch.empty(parameter.shape, ScalarType.Float32).normal_(0.0, 0.02, generator);
                parameter.copy_(values);
            }
        }
    }
}

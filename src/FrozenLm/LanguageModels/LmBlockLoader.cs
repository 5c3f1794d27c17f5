using System.Security.Cryptography;
using FrozenLm.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels;

/// <summary>Fills a block's parameters: key-by-key from a checkpoint with asserted shapes, or with HF random init.</summary>
internal static class LmBlockLoader
{
    public static void Copy(ITensorSource source, LmBlock block, IncrementalHash hash)
    {
        var config = block.Config;
        var layer = block.LayerIndex;
        var prefix = LmKeyMap.FindLayerPrefix(source, config.Architecture, layer)
                     ?? throw new UserInputException(source.Location,
                         $"has no tensors for layer {layer} (looked for names starting with '{LmKeyMap.CanonicalPrefix(config.Architecture, layer)}')");
        foreach (var (name, parameter) in block.named_parameters())
        {
            var full = prefix + name;
            if (!source.Contains(full))
                throw new UserInputException(source.Location, $"tensor '{full}' for layer {layer} is missing");
            var info = source.Info(full);
            if (!info.Shape.SequenceEqual(parameter.shape))
                throw new UserInputException(source.Location,
                    $"tensor '{full}' has shape [{string.Join(", ", info.Shape)}] but the config implies [{string.Join(", ", parameter.shape)}]");
            if (info.DType is not ("F32" or "F16" or "BF16" or "F64"))
                throw new UserInputException(source.Location, $"tensor '{full}' has dtype {info.DType}, not a floating-point dtype");
            using var stored = source.Read(full);
            LmBlockStack.HashTensor(hash, full, stored);
            using (torch.no_grad())
                parameter.copy_(stored);
        }
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
                parameter.fill_(1.0);
            }
            else
            {
                using var values = torch.empty(parameter.shape, ScalarType.Float32).normal_(0.0, 0.02, generator);
                parameter.copy_(values);
            }
        }
    }
}

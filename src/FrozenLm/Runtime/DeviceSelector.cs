using TorchSharp;

namespace FrozenLm.Runtime;

/// <summary>Turns a <c>--device auto|cpu|cuda[:N]</c> value into a TorchSharp device.</summary>
public static class DeviceSelector
{
    /// <summary>Resolves the requested device; <c>auto</c> picks CUDA when a CUDA build of TorchSharp sees a GPU.</summary>
    public static torch.Device Resolve(string requested)
    {
        TorchRuntime.EnsureLoaded();
        var value = (requested ?? "auto").Trim().ToLowerInvariant();
        if (value == "auto")
            return torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        if (value == "cpu")
            return torch.CPU;
        if (value == "cuda" || value.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
                throw new UserInputException("--device",
                    $"'{requested}' asked for, but no CUDA device is available to this TorchSharp build (reference a TorchSharp CUDA package; see README)");
            return new torch.Device(value);
        }
        throw new UserInputException("--device", $"'{requested}' is not one of auto, cpu, cuda, cuda:N");
    }
}

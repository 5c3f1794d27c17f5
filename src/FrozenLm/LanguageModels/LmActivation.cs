using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels;

/// <summary>The Hugging Face activation functions the supported families use, by their config names.</summary>
public static class LmActivation
{
    /// <summary>Names accepted in <c>hidden_act</c> / <c>activation_function</c>.</summary>
    public static IReadOnlyList<string> Supported { get; } =
        ["silu", "swish", "relu", "gelu", "gelu_new", "gelu_pytorch_tanh", "gelu_fast", "quick_gelu"];

    public static bool IsSupported(string name) => Supported.Contains(name);

    /// <summary>Applies the named activation (exact erf GELU for "gelu", tanh approximation for gelu_new and friends).</summary>
    public static Tensor Apply(string name, Tensor x) => name switch
    {
        "silu" or "swish" => nn.functional.silu(x),
        "relu" => nn.functional.relu(x),
        "gelu" => nn.functional.gelu(x),
        "gelu_new" or "gelu_pytorch_tanh" or "gelu_fast" => TanhGelu(x),
        "quick_gelu" => x * torch.sigmoid(1.702 * x),
        _ => throw new ArgumentException($"unsupported activation '{name}'", nameof(name)),
    };

    private static Tensor TanhGelu(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var inner = Math.Sqrt(2.0 / Math.PI) * (x + 0.044715 * x.pow(3));
        return (0.5 * x * (1.0 + torch.tanh(inner))).MoveToOuterDisposeScope();
    }
}

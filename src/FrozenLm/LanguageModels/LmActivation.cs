using FrozenLm.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels;

/// <summary>The Hugging Face activation functions the supported families use, by their config names.</summary>
public static class LmActivation
{
    private static readonly Scalar QuickGeluSlope = 1.702.ToScalar();
    private static readonly Scalar Three = 3.ToScalar();
    private static readonly Scalar TanhCubic = 0.044715.ToScalar();
    private static readonly Scalar TanhScale = Math.Sqrt(2.0 / Math.PI).ToScalar();
    private static readonly Scalar Half = 0.5.ToScalar();

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
        "quick_gelu" => x * torch.sigmoid(x.mul(QuickGeluSlope)),
        _ => throw new ArgumentException($"unsupported activation '{name}'", nameof(name)),
    };

    private static Tensor TanhGelu(Tensor x)
    {
        using var scope = torch.NewDisposeScope();
        var inner = x.add(x.pow(Three).mul(TanhCubic), Scalars.One).mul(TanhScale);
        return x.mul(Half).mul(torch.tanh(inner).add(Scalars.One, Scalars.One)).MoveToOuterDisposeScope();
    }
}

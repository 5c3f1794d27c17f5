using static TorchSharp.torch;

namespace FrozenLm.LanguageModels;

/// <summary>
/// Hands an intermediate tensor to a block's capture callback. The tensor stays in the autograd graph but is taken out
/// of every dispose scope, so the receiver owns it and may keep it past the forward call.
/// </summary>
public static class LmCapture
{
    public static void Report(Action<string, Tensor>? capture, string point, Tensor value)
    {
        if (capture is null)
            return;
        capture(point, value.alias().DetachFromDisposeScope());
    }
}

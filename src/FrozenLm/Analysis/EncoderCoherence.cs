using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Analysis;

/// <summary>
/// Gradient coherence of a classifier's visual encoder: per-sample cross-entropy gradients of its trainable parameters
/// except the LM stage and the head (the parameters the paper says the frozen block helps to train coherently).
/// </summary>
public static class EncoderCoherence
{
    /// <summary>Trainable parameters of <paramref name="model"/> whose names start with none of <paramref name="excludedPrefixes"/>.</summary>
    public static IReadOnlyList<Tensor> Parameters(nn.Module model, params string[] excludedPrefixes) =>
        model.named_parameters()
            .Where(p => p.parameter.requires_grad && !excludedPrefixes.Any(x => p.name.StartsWith(x, StringComparison.Ordinal)))
            .Select(p => (Tensor)p.parameter)
            .ToList();

    /// <summary>
    /// Runs <paramref name="forward"/> (inputs [1, ...] -> logits [1, K]) on each sample of <paramref name="inputs"/> in eval
    /// mode and returns the coherence of the gradients of <paramref name="parameters"/>.
    /// </summary>
    public static GradientCoherenceResult Measure(nn.Module model, IReadOnlyList<Tensor> parameters, Func<Tensor, Tensor> forward,
        Tensor inputs, Tensor labels, Device device)
    {
        model.eval();
        return GradientCoherence.Measure(parameters, (int)inputs.shape[0], i =>
        {
            var logits = forward(inputs.narrow(0, i, 1).to(device));                         // [1, K]
            return nn.functional.cross_entropy(logits, labels.narrow(0, i, 1).to(device));
        });
    }
}

using FrozenLm.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Analysis;

/// <summary>
/// Gradient coherence (Bai et al., AAAI 2025): the gradient of each sample's loss with respect to a parameter set,
/// flattened to one vector per sample, and the cosine similarity of every pair of those vectors.
/// </summary>
public static class GradientCoherence
{
    /// <summary>
    /// Computes per-sample gradients one sample at a time: <paramref name="sampleLoss"/>(i) must return the scalar loss
    /// of sample i (the caller runs the forward pass; it is called inside a dispose scope). Gradients are taken with
    /// autograd.grad, so the parameters' <c>.grad</c> fields are untouched. A parameter the loss does not reach gets a
    /// zero gradient; a zero gradient vector has cosine 0 with every other.
    /// </summary>
    public static GradientCoherenceResult Measure(IReadOnlyList<Tensor> parameters, int samples, Func<int, Tensor> sampleLoss)
    {
        if (samples < 2)
            throw new ArgumentException($"gradient coherence needs at least 2 samples, got {samples}");
        if (parameters.Count == 0)
            throw new ArgumentException("gradient coherence needs at least one parameter");
        var total = parameters.Sum(p => p.numel());
        using var outer = NewDisposeScope();
        var rows = new List<Tensor>(samples);
        for (var i = 0; i < samples; i++)
        {
            using var scope = NewDisposeScope();
            using var enable = enable_grad();
            var loss = sampleLoss(i);
            if (loss.numel() != 1)
                throw new ArgumentException($"sample loss must be a scalar, got [{string.Join(", ", loss.shape)}]");
            var grads = torch.autograd.grad([loss.reshape([])], parameters.ToList(), allow_unused: true);
            var flat = new List<Tensor>(parameters.Count);
            for (var k = 0; k < parameters.Count; k++)
            {
                var g = k < grads.Count ? grads[k] : null;
                flat.Add(g is null || g.IsInvalid
                    ? zeros(parameters[k].numel(), dtype: float64)
                    : g.detach().to(CPU).to(float64).reshape(-1));
            }
            rows.Add(cat(flat, 0).MoveToOuterDisposeScope());                               // [P]
        }
        var g2 = stack(rows, 0);                                                            // [N, P]
        return FromGradients(g2, total);
    }

    /// <summary>Pairwise cosine statistics of the rows of a [N, P] gradient matrix.</summary>
    public static GradientCoherenceResult FromGradients(Tensor gradients, long parameterCount)
    {
        using var scope = NewDisposeScope();
        var g = gradients.to(float64);                                                      // [N, P]
        var n = (int)g.shape[0];
        var norms = g.norm(1, keepdim: true);                                               // [N, 1]
        using var tiny = double.Epsilon.ToScalar();
        var unit = torch.where(norms.gt(Scalars.Zero), g / norms.clamp_min(tiny), zeros_like(g));
        var cosine = unit.matmul(unit.t());                                                 // [N, N]
        var upper = torch.triu_indices(n, n, 1);                                            // [2, pairs]
        var pairs = cosine.index([upper[0], upper[1]]);                                     // [pairs]
        var values = pairs.data<double>().ToArray();
        var mean = values.Average();
        var std = Math.Sqrt(values.Select(v => (v - mean) * (v - mean)).Average());
        return new GradientCoherenceResult(
            n, parameterCount, mean, std, values.Min(), values.Max(), norms.mean().item<double>());
    }
}

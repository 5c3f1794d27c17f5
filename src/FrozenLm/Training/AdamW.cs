using FrozenLm.Tensors;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Training;

/// <summary>
/// AdamW (decoupled weight decay, PyTorch's update rule) over named parameter groups, with its state (moments, step)
/// exposed by name so a run can be checkpointed and resumed exactly. Only the parameters given to it are updated. Each
/// group has its weight decay and a learning-rate multiplier: a step with rate lr updates a group at lr x multiplier.
/// </summary>
public sealed class AdamW : IDisposable
{
    private readonly List<(NamedParameter Param, double WeightDecay, double LrScale)> _params = [];
    private readonly Dictionary<string, (Tensor ExpAvg, Tensor ExpAvgSq)> _state = [];
    private readonly Scalar _beta1;
    private readonly Scalar _beta2;
    private readonly Scalar _oneMinusBeta1;
    private readonly Scalar _oneMinusBeta2;
    private readonly Scalar _eps;

    public AdamW(IEnumerable<(IEnumerable<NamedParameter> Parameters, double WeightDecay)> groups,
        double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
        : this(groups.Select(g => (g.Parameters, g.WeightDecay, 1.0)), beta1, beta2, eps)
    {
    }

    public AdamW(IEnumerable<(IEnumerable<NamedParameter> Parameters, double WeightDecay, double LrScale)> groups,
        double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8)
    {
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        _beta1 = beta1.ToScalar();
        _beta2 = beta2.ToScalar();
        _oneMinusBeta1 = (1.0 - beta1).ToScalar();
        _oneMinusBeta2 = (1.0 - beta2).ToScalar();
        _eps = eps.ToScalar();
        foreach (var (parameters, wd, scale) in groups)
        {
            if (!(scale > 0))
                throw new ArgumentOutOfRangeException(nameof(groups), scale, "lr multipliers must be positive");
            foreach (var p in parameters)
            {
                if (!p.Parameter.requires_grad)
                    throw new ArgumentException($"parameter {p.Name} is frozen and cannot be optimised");
                if (_state.ContainsKey(p.Name))
                    throw new ArgumentException($"parameter {p.Name} given twice");
                _params.Add((p, wd, scale));
                _state[p.Name] = (torch.zeros_like(p.Parameter).DetachFromDisposeScope(),
                    torch.zeros_like(p.Parameter).DetachFromDisposeScope());
            }
        }
    }

    public double Beta1 { get; }
    public double Beta2 { get; }
    public double Eps { get; }

    /// <summary>Number of updates applied so far.</summary>
    public long Step { get; private set; }

    public IEnumerable<NamedParameter> Parameters => _params.Select(p => p.Param);

    /// <summary>The learning-rate multiplier of parameter <paramref name="name"/>.</summary>
    public double LrScaleOf(string name) => _params.First(p => p.Param.Name == name).LrScale;

    public void ZeroGrad()
    {
        foreach (var (p, _, _) in _params)
            p.Parameter.grad?.zero_();
    }

    /// <summary>Applies one update with learning rate <paramref name="lr"/> x each group's multiplier; parameters without a gradient are skipped.</summary>
    public void Update(double lr)
    {
        using var _ = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        Step++;
        var bc1 = 1.0 - Math.Pow(Beta1, Step);
        using var bc2Sqrt = Math.Sqrt(1.0 - Math.Pow(Beta2, Step)).ToScalar();
        foreach (var (np, wd, scale) in _params)
        {
            var grad = np.Parameter.grad;
            if (grad is null)
                continue;
            var rate = lr * scale;
            var p = np.Parameter;
            var (m, v) = _state[np.Name];
            if (wd != 0)
            {
                using var decay = (1.0 - rate * wd).ToScalar();
                p.mul_(decay);
            }
            m.mul_(_beta1).add_(grad, alpha: _oneMinusBeta1);
            v.mul_(_beta2).addcmul_(grad, grad, value: _oneMinusBeta2);
            var denom = v.sqrt().div_(bc2Sqrt).add_(_eps, Scalars.One);
            using var stepSize = (-rate / bc1).ToScalar();
            p.addcdiv_(m, denom, value: stepSize);
        }
    }

    /// <summary>The moments as named tensors (<c>exp_avg.{name}</c>, <c>exp_avg_sq.{name}</c>); not copies.</summary>
    public IEnumerable<(string Name, Tensor Value)> StateTensors()
    {
        foreach (var (np, _, _) in _params)
        {
            var (m, v) = _state[np.Name];
            yield return ("exp_avg." + np.Name, m);
            yield return ("exp_avg_sq." + np.Name, v);
        }
    }

    /// <summary>Restores the step count and moments written by <see cref="StateTensors"/>; every moment must be present.</summary>
    public void LoadState(long step, Func<string, Tensor?> read)
    {
        using var _ = torch.no_grad();
        foreach (var (np, _, _) in _params)
        {
            var (m, v) = _state[np.Name];
            foreach (var (key, target) in new[] { ("exp_avg." + np.Name, m), ("exp_avg_sq." + np.Name, v) })
            {
                using var value = read(key) ?? throw new InvalidDataException($"optimizer state lacks {key}");
                if (!value.shape.SequenceEqual(target.shape))
                    throw new InvalidDataException(
                        $"optimizer state {key} has shape [{string.Join(", ", value.shape)}], expected [{string.Join(", ", target.shape)}]");
                target.copy_(value);
            }
        }
        Step = step;
    }

    public void Dispose()
    {
        foreach (var (m, v) in _state.Values)
        {
            m.Dispose();
            v.Dispose();
        }
        _state.Clear();
        _beta1.Dispose();
        _beta2.Dispose();
        _oneMinusBeta1.Dispose();
        _oneMinusBeta2.Dispose();
        _eps.Dispose();
    }
}

using TorchSharp;

namespace FrozenLm.Training;

/// <summary>
/// Splits a model's trainable parameters into a weight-decay group and a no-decay group (1-D tensors, biases,
/// <c>pos_embed</c>, <c>cls_token</c>), as DeiT does. Frozen parameters (<c>requires_grad = false</c>) are in neither.
/// </summary>
public sealed class ParameterGroups
{
    private static readonly string[] NoDecayNames = ["pos_embed", "cls_token"];

    private ParameterGroups(IReadOnlyList<NamedParameter> decay, IReadOnlyList<NamedParameter> noDecay,
        IReadOnlyList<NamedParameter> frozen)
    {
        Decay = decay;
        NoDecay = noDecay;
        Frozen = frozen;
    }

    public IReadOnlyList<NamedParameter> Decay { get; }
    public IReadOnlyList<NamedParameter> NoDecay { get; }
    public IReadOnlyList<NamedParameter> Frozen { get; }

    public IEnumerable<NamedParameter> Trainable => Decay.Concat(NoDecay);

    public long TrainableCount => Trainable.Sum(p => p.Parameter.numel());
    public long FrozenCount => Frozen.Sum(p => p.Parameter.numel());

    public static bool IsDecayed(string name, long dims)
    {
        if (dims <= 1 || name.EndsWith(".bias", StringComparison.Ordinal) || name == "bias")
            return false;
        var leaf = name[(name.LastIndexOf('.') + 1)..];
        return !NoDecayNames.Contains(leaf);
    }

    public static ParameterGroups Of(torch.nn.Module model)
    {
        var decay = new List<NamedParameter>();
        var noDecay = new List<NamedParameter>();
        var frozen = new List<NamedParameter>();
        foreach (var (name, p) in model.named_parameters())
        {
            var np = new NamedParameter(name, p);
            if (!p.requires_grad)
                frozen.Add(np);
            else if (IsDecayed(name, p.dim()))
                decay.Add(np);
            else
                noDecay.Add(np);
        }
        return new ParameterGroups(decay, noDecay, frozen);
    }
}

using FrozenLm.Tasks;
using TorchSharp;

namespace FrozenLm.Training;

/// <summary>
/// Splits a model's trainable parameters into optimizer groups by a <see cref="ParameterGroupPolicy"/> (the first
/// matching rule decides; the rest form the <c>decay</c> group at the full learning rate). The default policy is
/// DeiT's: no weight decay on 1-D tensors, biases, <c>pos_embed</c> and <c>cls_token</c>. Frozen parameters
/// (<c>requires_grad = false</c>) are in no group.
/// </summary>
public sealed class ParameterGroups
{
    public const string DecayGroup = "decay";

    private ParameterGroups(IReadOnlyList<ParameterGroup> groups, IReadOnlyList<NamedParameter> frozen)
    {
        Groups = groups;
        Frozen = frozen;
    }

    /// <summary>Every rule's group in policy order, then the decay group; empty groups included.</summary>
    public IReadOnlyList<ParameterGroup> Groups { get; }
    public IReadOnlyList<NamedParameter> Frozen { get; }

    public IReadOnlyList<NamedParameter> Decay => Groups.Where(g => g.Decay).SelectMany(g => g.Parameters).ToList();
    public IReadOnlyList<NamedParameter> NoDecay => Groups.Where(g => !g.Decay).SelectMany(g => g.Parameters).ToList();

    public IEnumerable<NamedParameter> Trainable => Groups.SelectMany(g => g.Parameters);

    public long TrainableCount => Trainable.Sum(p => p.Parameter.numel());
    public long FrozenCount => Frozen.Sum(p => p.Parameter.numel());

    /// <summary>Whether the default policy decays <paramref name="name"/> (a tensor of <paramref name="dims"/> dimensions).</summary>
    public static bool IsDecayed(string name, long dims) => !ParameterGroupPolicy.Default.Rules.Any(r => r.Matches(name, dims) && !r.Decay);

    public static ParameterGroups Of(torch.nn.Module model) => Of(model, ParameterGroupPolicy.Default);

    public static ParameterGroups Of(torch.nn.Module model, ParameterGroupPolicy policy)
    {
        var rules = policy.Rules.ToList();
        var members = rules.Select(_ => new List<NamedParameter>()).ToList();
        var decay = new List<NamedParameter>();
        var frozen = new List<NamedParameter>();
        foreach (var (name, p) in model.named_parameters())
        {
            var np = new NamedParameter(name, p);
            if (!p.requires_grad)
            {
                frozen.Add(np);
                continue;
            }
            var rule = rules.FindIndex(r => r.Matches(name, p.dim()));
            (rule < 0 ? decay : members[rule]).Add(np);
        }
        var groups = rules.Select((r, i) => new ParameterGroup(r.Name, r.Decay, r.LrScale, members[i]))
            .Append(new ParameterGroup(DecayGroup, true, 1.0, decay))
            .ToList();
        return new ParameterGroups(groups, frozen);
    }

    /// <summary>The groups as AdamW takes them: weight decay <paramref name="weightDecay"/> where the group decays, and its lr multiplier.</summary>
    public IEnumerable<(IEnumerable<NamedParameter> Parameters, double WeightDecay, double LrScale)> ForOptimizer(double weightDecay) =>
        Groups.Select(g => ((IEnumerable<NamedParameter>)g.Parameters, g.Decay ? weightDecay : 0.0, g.LrScale));
}

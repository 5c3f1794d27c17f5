using FrozenLm.Encoders.PointCloud;
using FrozenLm.FrozenStage;
using FrozenLm.Models;
using FrozenLm.Runtime;
using FrozenLm.Tasks;
using FrozenLm.Training;

namespace FrozenLm.Tests.Training;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class ParameterGroupsTests
{
    private static readonly PointBertConfig Tiny = new()
    {
        Points = 64, Groups = 8, GroupSize = 8, PointNetHidden = 8, EncoderDims = 16, Dim = 16, Depth = 2, Heads = 2,
        PosEmbedHidden = 8, HeadHidden = 12, DropPath = 0, HeadDropout = 0,
    };

    /// <summary>builder.py's add_weight_decay, with the reference's "llama" names spelled "lm_stage" as ours are.</summary>
    private static (string Group, double Decay, double LrScale) Reference(string name, long dims) =>
        name.Contains("lm_stage") ? ("lm_stage", 0, 0.5)
        : dims == 1 || name.EndsWith(".bias") || name.Contains("token") ? ("no_decay", 0, 0.1)
        : ("decay", 0.05, 1.0);

    [Fact]
    public void Given_a_tiny_point_bert_with_a_frozen_stage_When_grouped_by_the_reference_policy_Then_groups_match_builder_py()
    {
        TorchRuntime.EnsureLoaded();
        var (stage, _) = LmStageFactory.Create(new LmStageOptions { Mode = LmStageMode.Frozen, Layers = [5] }, Tiny.Dim, seed: 1);
        using var model = new PointBertClassifier(Tiny, classes: 3, stage);

        var groups = ParameterGroups.Of(model, ParameterGroupPolicy.PointBertReference);

        var expected = model.named_parameters().Where(p => p.parameter.requires_grad)
            .ToDictionary(p => p.name, p => Reference(p.name, p.parameter.dim()));
        var actual = groups.ForOptimizer(0.05).Zip(groups.Groups)
            .SelectMany(x => x.First.Parameters.Select(p => (p.Name, (x.Second.Name, x.First.WeightDecay, x.First.LrScale))))
            .ToDictionary(x => x.Name, x => x.Item2);
        Assert.Equal(expected.OrderBy(e => e.Key), actual.OrderBy(e => e.Key));
        Assert.Contains(actual, a => a.Key.Contains("lm_stage.mapper_in.weight") && a.Value.Name == "lm_stage");
        Assert.Equal(("no_decay", 0.0, 0.1), actual.Single(a => a.Key.EndsWith("cls_token")).Value);
        Assert.Equal(("decay", 0.05, 1.0), actual.Single(a => a.Key.EndsWith("cls_pos")).Value);
        Assert.All(groups.Frozen, f => Assert.Contains("lm_stage.", f.Name));
        Assert.NotEmpty(groups.Frozen);
        Assert.Equal(model.named_parameters().Count(), groups.Trainable.Count() + groups.Frozen.Count);
    }

    [Fact]
    public void Given_the_default_policy_When_grouping_Then_it_is_deit_decay_versus_no_decay_at_one_rate()
    {
        TorchRuntime.EnsureLoaded();
        using var model = new PointBertClassifier(Tiny, classes: 3);

        var groups = ParameterGroups.Of(model);

        Assert.All(groups.Groups, g => Assert.Equal(1.0, g.LrScale));
        Assert.Contains(groups.NoDecay, p => p.Name.EndsWith("cls_token"));
        Assert.Contains(groups.Decay, p => p.Name.EndsWith("cls_pos"));
        Assert.All(groups.NoDecay, p => Assert.True(p.Parameter.dim() <= 1 || p.Name.EndsWith("cls_token")));
        Assert.All(groups.Decay, p => Assert.True(p.Parameter.dim() > 1 && !p.Name.EndsWith(".bias")));
    }
}

using FrozenLm.Data.Sqa3d;
using FrozenLm.Encoders.PointCloud;
using FrozenLm.FrozenStage;
using FrozenLm.Models.Sqa3d;
using FrozenLm.Tasks.Sqa3d;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tests.Sqa3d;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class Sqa3dModelTests
{
    private static SceneQaModelConfig Config() => new()
    {
        Scene = new PointBertConfig { Points = 64, Groups = 8, GroupSize = 8, PointNetHidden = 8, EncoderDims = 16, Dim = 16, Depth = 1, Heads = 2, InputChannels = 6 },
        FusionDepth = 2, FusionHeads = 2, TextHidden = 12, Answers = 5,
    };

    [Fact]
    public void Given_the_model_When_its_state_dict_is_listed_Then_keys_follow_meter_and_point_bert_names_and_the_scene_takes_rgb()
    {
        using var model = new SceneQaModel(Config(), null, LmStagePosition.Tail, null, withQuestionOnly: true);
        var keys = model.state_dict().Keys.ToHashSet();
        foreach (var key in new[]
                 {
                     "scene_encoder.cls_token", "scene_encoder.tokenizer.encoder.first_conv.0.weight", "scene_encoder.pos_embed.0.weight",
                     "scene_encoder.blocks.0.attn.qkv.weight", "scene_norm.weight", "cross_modal_scene_transform.weight",
                     "cross_modal_text_transform.weight", "token_type_embeddings.weight", "blocks.1.mlp.fc2.weight", "norm.weight",
                     "cross_modal_scene_pooler.dense.weight", "cross_modal_text_pooler.dense.weight", "answer_classifier.3.weight",
                     "situation_head.2.weight", "question_only.vqa_classifier.3.weight",
                 })
            Assert.Contains(key, keys);
        Assert.Equal([8L, 6L], model.state_dict()["scene_encoder.tokenizer.encoder.first_conv.0.weight"].shape);
    }

    [Fact]
    public void Given_scenes_and_text_When_run_Then_logits_and_situation_have_their_shapes_and_the_colour_changes_the_output()
    {
        manual_seed(3);
        using var model = new SceneQaModel(Config(), null, LmStagePosition.Tail, null, withQuestionOnly: false);
        model.eval();
        using var scenes = rand(2, 64, 6);
        using var text = randn(2, 5, 12);
        using var mask = tensor(new long[,] { { 1, 1, 1, 1, 1 }, { 1, 1, 1, 0, 0 } });
        var (logits, situation) = model.Forward(scenes, null, text, mask);
        Assert.Equal([2L, 5L], logits.shape);
        Assert.Equal([2L, AgentPose.TargetSize], situation.shape);
        using var recoloured = scenes.clone();
        recoloured.narrow(2, 3, 3).fill_(0.5);
        var (other, _) = model.Forward(recoloured, null, text, mask);
        Assert.True(logits.sub(other).abs().max().item<float>() > 1e-5f);
        // Padding text tokens do not change the output.
        using var noisy = text.clone();
        noisy[1, 4] = randn(12);
        var (padded, _) = model.Forward(scenes, null, noisy, mask);
        Assert.True(logits.sub(padded).abs().max().item<float>() < 1e-5f);
    }

    [Fact]
    public void Given_points_with_colour_When_grouped_Then_xyz_groups_match_the_xyz_only_grouping_and_colours_ride_along()
    {
        manual_seed(5);
        using var xyz = rand(2, 40, 3);
        using var rgb = rand(2, 40, 3);
        using var points = cat([xyz, rgb], 2);
        var grouper = new PointGrouper(6, 5);
        using var plain = grouper.Group(xyz);
        using var coloured = grouper.Group(points);
        Assert.Equal([2L, 6L, 5L, 6L], coloured.Neighbourhoods.shape);
        Assert.True(plain.NeighbourIndices.eq(coloured.NeighbourIndices).all().item<bool>());
        Assert.True(plain.Neighbourhoods.eq(coloured.Neighbourhoods.narrow(3, 0, 3)).all().item<bool>());
        var idx = coloured.NeighbourIndices[1, 2, 3].item<long>();
        Assert.True(coloured.Neighbourhoods[1, 2, 3].narrow(0, 3, 3).eq(rgb[1, idx]).all().item<bool>());
    }

    [Fact]
    public void Given_logits_and_answers_When_the_loss_is_taken_Then_it_matches_the_hand_computed_mean_over_known_answers()
    {
        using var logits = tensor(new float[] { 0, 0, 0, 1, 2, 3, 5, 0, 0 }, [3, 3]);
        using var answers = tensor(new long[] { 1, 2, -1 });
        // -(log(1/3) + log(e^3 / (1 + e + e^3))) / 2
        var expected = -(Math.Log(1.0 / 3) + (3 - Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3)))) / 2;
        using var loss = Sqa3dTask.AnswerLoss(logits, answers);
        Assert.Equal(expected, loss.item<float>(), 5);
        using var none = Sqa3dTask.AnswerLoss(logits, tensor(new long[] { -1, -1, -1 }));
        Assert.Equal(0, none.item<float>());
    }

    [Fact]
    public void Given_logits_When_hits_are_counted_Then_top1_and_topk_follow_the_ranking_and_unknown_answers_never_hit()
    {
        using var logits = tensor(new float[] { 3, 2, 1, 0, 1, 2, 3, 0, 0, 1, 2, 3 }, [3, 4]);
        using var answers = tensor(new long[] { 1, 2, -1 });
        Assert.Equal([false, true, false], Sqa3dTask.Hits(logits, answers, 1));
        Assert.Equal([true, true, false], Sqa3dTask.Hits(logits, answers, 2));
        Assert.Equal([true, true, false], Sqa3dTask.Hits(logits, answers, 10));
    }

    [Fact]
    public void Given_predicted_and_true_poses_When_errors_are_taken_Then_position_is_euclidean_and_facing_wraps_around()
    {
        using var predicted = tensor(new float[] { 3, 4, 1, 0, 0, 0, MathF.Cos(3.0f), MathF.Sin(3.0f) }, [2, 4]);
        using var truth = tensor(new float[] { 0, 0, 0, 1, 0, 0, MathF.Cos(-3.0f), MathF.Sin(-3.0f) }, [2, 4]);
        var (position, facing) = Sqa3dTask.PoseErrors(predicted, truth);
        Assert.Equal(5, position[0], 5);
        Assert.Equal(90, facing[0], 4);
        Assert.Equal(0, position[1], 6);
        Assert.Equal((2 * Math.PI - 6) * 180 / Math.PI, facing[1], 3);
    }

    [Fact]
    public void Given_a_split_When_shuffled_partners_are_drawn_Then_they_form_one_cycle_with_no_fixed_point()
    {
        var partner = Sqa3dBatches.ShuffledPartners(50, 7);
        Assert.Equal(Enumerable.Range(0, 50), partner.Order());
        Assert.All(Enumerable.Range(0, 50), i => Assert.NotEqual(i, partner[i]));
        var seen = new HashSet<int>();
        for (var i = 0; seen.Add(i); i = partner[i])
        {
        }
        Assert.Equal(50, seen.Count);
        Assert.Equal(partner, Sqa3dBatches.ShuffledPartners(50, 7));
    }

    [Theory]
    [InlineData(4, 4)]
    [InlineData(10, 4)]
    [InlineData(3, 7)]
    public void Given_a_scene_When_resampled_Then_points_are_its_own_without_repeats_when_it_has_enough(int count, int points)
    {
        var values = Enumerable.Range(0, count * 6).Select(i => (float)i).ToArray();
        var target = new float[points * 6];
        Sqa3dBatches.Resample(new ScenePoints("s", values), points, new Random(1), target);
        var rows = Enumerable.Range(0, points).Select(i => (int)target[i * 6] / 6).ToList();
        Assert.All(Enumerable.Range(0, points), i => Assert.Equal(values.AsSpan(rows[i] * 6, 6).ToArray(), target.AsSpan(i * 6, 6).ToArray()));
        if (count == points)
            Assert.Equal(Enumerable.Range(0, count), rows);
        else if (count > points)
            Assert.Equal(points, rows.Distinct().Count());
        else
            Assert.Equal(Enumerable.Range(0, count), rows.Distinct().Order());
    }
}

using FrozenLm.Data.Sqa3d;
using FrozenLm.Data.VisionLanguage;
using FrozenLm.Encoders.PointCloud;
using FrozenLm.FrozenStage;
using FrozenLm.Models.Sqa3d;
using FrozenLm.Tasks.Sqa3d;
using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Tests.Sqa3d;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class Sqa3dObjectTokenTests
{
    private static readonly PointBertConfig Scene = new()
    {
        Points = 40, Groups = 4, GroupSize = 4, PointNetHidden = 8, EncoderDims = 16, Dim = 16, Depth = 1, Heads = 2, InputChannels = 6,
    };

    private static SceneQaModelConfig Config(SceneTokenKind kind) => new()
    {
        Scene = Scene, FusionDepth = 1, FusionHeads = 2, TextHidden = 12, Answers = 5, SceneTokenKind = kind, MaxObjects = 3,
    };

    /// <summary>Two clouds of 40 points: cloud 0 has objects 0 (10 points) and 2 (12 points), the rest floor; cloud 1 has object 1 only.</summary>
    private static (Tensor Points, Tensor Segments) TwoClouds()
    {
        manual_seed(11);
        var points = rand(2, 40, 6);
        var ids = new long[80];
        Array.Fill(ids, -1L);
        for (var i = 0; i < 10; i++) ids[i] = 0;
        for (var i = 20; i < 32; i++) ids[i] = 2;
        for (var i = 45; i < 60; i++) ids[i] = 1;
        return (points, tensor(ids, [2, 40]));
    }

    [Fact]
    public void Given_values_and_segments_When_max_pooled_per_segment_Then_each_row_is_the_hand_computed_maximum_and_empty_segments_are_zero()
    {
        using var values = tensor(new float[] { 1, -5, 3, 2, -2, -1, 7, 0, -4, -3 }, [1, 5, 2]);
        using var segments = tensor(new long[] { 0, -1, 0, 2, 2 }, [1, 5]);
        using var pooled = SegmentPointNet.SegmentMax(values, segments, 3);
        Assert.Equal([1L, 3L, 2L], pooled.shape);
        // Segment 0: rows (1, -5), (-2, -1) -> (1, -1); segment 1: none -> 0; segment 2: rows (7, 0), (-4, -3) -> (7, 0). Row (3, 2) is no segment's.
        Assert.Equal(new float[] { 1, -1, 0, 0, 7, 0 }, pooled.data<float>().ToArray());
    }

    [Fact]
    public void Given_two_clouds_When_encoded_as_objects_Then_tokens_have_their_shape_and_the_mask_marks_the_present_objects()
    {
        var (points, segments) = TwoClouds();
        using var _ = points;
        using var __ = segments;
        using var encoder = new ObjectSceneEncoder(Scene, 3);
        encoder.eval();
        var captured = new List<Tensor>();
        var (tokens, mask) = encoder.Forward(points, segments, (name, t) =>
        {
            if (name == CapturePoints.Centres)
                captured.Add(t.detach().clone().DetachFromDisposeScope());
        });
        Assert.Equal([2L, 4L, 16L], tokens.shape);
        Assert.Equal(new[] { true, true, false, true, true, false, true, false }, mask.data<bool>().ToArray());
        var centres = captured.Single();
        Assert.Equal([2L, 3L, 3L], centres.shape);
        // Object 2 of cloud 0: the mean of points 20..31's xyz.
        using var expected = points[0].narrow(0, 20, 12).narrow(1, 0, 3).mean([0]);
        Assert.True(centres[0, 2].sub(expected).abs().max().item<float>() < 1e-6f);
        Assert.True(centres[1, 0].abs().max().item<float>() == 0);
    }

    [Fact]
    public void Given_an_objects_points_When_permuted_within_the_cloud_Then_the_object_tokens_are_unchanged_and_a_moved_point_changes_them()
    {
        var (points, segments) = TwoClouds();
        using var _ = points;
        using var __ = segments;
        using var encoder = new ObjectSceneEncoder(Scene, 3);
        encoder.eval();
        using var noGrad = no_grad();
        var (tokens, _) = encoder.Forward(points, segments);
        var order = Enumerable.Range(0, 40).Reverse().ToArray();
        new Random(3).Shuffle(order);
        using var index = tensor(order.Select(i => (long)i).ToArray());
        using var shuffled = points.index_select(1, index);
        using var shuffledSegments = segments.index_select(1, index);
        var (permuted, _) = encoder.Forward(shuffled, shuffledSegments);
        Assert.True(tokens.sub(permuted).abs().max().item<float>() < 1e-5f);

        // Moving one point of object 0 in cloud 0 changes that token only among cloud 0's objects.
        using var moved = points.clone();
        moved[0, 3, 0] = tensor(5f);
        var (other, _) = encoder.Forward(moved, segments);
        Assert.True(tokens[0, 1].sub(other[0, 1]).abs().max().item<float>() > 1e-4f);
        Assert.True(tokens[1].sub(other[1]).abs().max().item<float>() < 1e-6f);
    }

    [Fact]
    public void Given_an_object_token_model_When_its_state_dict_is_listed_Then_the_scene_keys_are_the_object_encoders_and_the_fusion_keeps_its_names()
    {
        using var model = new SceneQaModel(Config(SceneTokenKind.Objects), null, LmStagePosition.Tail, null, withQuestionOnly: true);
        var dict = model.state_dict();
        foreach (var key in new[]
                 {
                     "scene_encoder.cls_token", "scene_encoder.tokenizer.first_conv.0.weight", "scene_encoder.tokenizer.second_conv.3.weight",
                     "scene_encoder.reduce_dim.weight", "scene_encoder.box_embed.0.weight", "scene_encoder.box_embed.2.weight",
                     "scene_encoder.blocks.0.attn.qkv.weight", "scene_norm.weight", "cross_modal_scene_transform.weight", "blocks.0.mlp.fc2.weight",
                     "answer_classifier.3.weight", "situation_head.2.weight",
                 })
            Assert.Contains(key, dict.Keys);
        Assert.DoesNotContain(dict.Keys, k => k.StartsWith("scene_encoder.pos_embed", StringComparison.Ordinal));
        Assert.Equal([8L, 6L], dict["scene_encoder.tokenizer.first_conv.0.weight"].shape);
        Assert.Equal([(long)Scene.PosEmbedHidden, 6L], dict["scene_encoder.box_embed.0.weight"].shape);
        Assert.Equal(4, model.SceneTokens);
        Assert.True(model.ReadsObjects);
    }

    [Fact]
    public void Given_an_object_token_model_When_an_empty_slot_or_a_floor_point_changes_Then_the_answers_do_not()
    {
        var (points, segments) = TwoClouds();
        using var _ = points;
        using var __ = segments;
        manual_seed(4);
        using var model = new SceneQaModel(Config(SceneTokenKind.Objects), null, LmStagePosition.Tail, null, withQuestionOnly: false);
        model.eval();
        using var noGrad = no_grad();
        using var text = randn(2, 5, 12);
        using var textMask = ones(2, 5, ScalarType.Int64);
        var (logits, situation) = model.Forward(points, segments, text, textMask);
        Assert.Equal([2L, 5L], logits.shape);
        Assert.Equal([2L, AgentPose.TargetSize], situation.shape);
        using var floorMoved = points.clone();
        floorMoved[0, 15] = rand(6);
        var (same, _) = model.Forward(floorMoved, segments, text, textMask);
        Assert.True(logits.sub(same).abs().max().item<float>() < 1e-5f);
        using var recoloured = points.clone();
        recoloured[0, 21] = full(6, 5f);
        recoloured[0, 22] = full(6, -5f);
        var (other, _) = model.Forward(recoloured, segments, text, textMask);
        Assert.True(logits[0].sub(other[0]).abs().max().item<float>() > 1e-6f);
    }

    [Theory]
    [InlineData(6, 6)]
    [InlineData(6, 4)]
    [InlineData(6, 9)]
    public void Given_a_hand_made_two_object_scene_When_batched_Then_each_points_segment_rides_with_it(int count, int points)
    {
        // Points 0-1: object 0, points 2-3: floor, points 4-5: object 1; x = the point's index, so each row names its source.
        var values = Enumerable.Range(0, count).SelectMany(i => new float[] { i, 0, 0, 0.5f, 0.5f, 0.5f }).ToArray();
        int[] ids = [0, 0, -1, -1, 1, 1];
        var scene = new ScenePoints("room", values, ids);
        var sample = new Sqa3dSample(0, "room", "I am next to the red cube.", "What is on my left?", "cube", "side", new AgentPose(0, 0, 0));
        var split = new Sqa3dSplit("hand", [sample, sample with { Id = 1 }], new Dictionary<string, ScenePoints> { ["room"] = scene });
        var answers = AnswerVocabulary.FromAnswers(["cube", "cone"], 0, "hand");
        var batches = new Sqa3dBatches(split, answers, ["side"], points, 2, train: true, seed: 3, dropLast: false, shuffleScenes: false);
        using var batch = batches.Build([0, 1], epoch: 1);
        Assert.NotNull(batch.Segments);
        Assert.Equal([2L, (long)points], batch.Segments!.shape);
        var xs = batch.Scenes.select(2, 0).data<float>().ToArray();
        var segs = batch.Segments.data<long>().ToArray();
        for (var i = 0; i < xs.Length; i++)
            Assert.Equal(ids[(int)xs[i]], segs[i]);
        if (points >= count)
            Assert.Equal(Enumerable.Range(0, count).Select(i => (float)i), xs.Take(points).Distinct().Order());
    }

    [Fact]
    public void Given_a_scene_without_segments_When_batched_or_checked_for_object_tokens_Then_the_batch_has_none_and_the_check_names_the_flag()
    {
        var scene = new ScenePoints("bare", new float[24]);
        var sample = new Sqa3dSample(0, "bare", "s", "q", "yes", "is", new AgentPose(0, 0, 0));
        var split = new Sqa3dSplit("bare", [sample], new Dictionary<string, ScenePoints> { ["bare"] = scene });
        var answers = AnswerVocabulary.FromAnswers(["yes", "no"], 0, "bare");
        using var batch = new Sqa3dBatches(split, answers, ["is"], 4, 1, train: false, seed: 0, dropLast: false, shuffleScenes: false).Build([0]);
        Assert.Null(batch.Segments);
        var data = new Sqa3dData(split, split, "folder", "sqa3d", ["is"]);
        var e = Assert.Throws<UserInputException>(() => Sqa3dTask.CheckSegments(data, 8));
        Assert.Equal("--scene-tokens", e.Subject);
        var segmented = new ScenePoints("room", new float[24], [0, 1, 9, -1]);
        var tooMany = new Sqa3dSplit("many", [sample with { SceneId = "room" }], new Dictionary<string, ScenePoints> { ["room"] = segmented });
        e = Assert.Throws<UserInputException>(() => Sqa3dTask.CheckSegments(new Sqa3dData(tooMany, tooMany, "x", "y", ["is"]), 8));
        Assert.Equal("--max-objects", e.Subject);
        Sqa3dTask.CheckSegments(new Sqa3dData(tooMany, tooMany, "x", "y", ["is"]), 10);
    }

    [Fact]
    public void Given_generated_rooms_When_sampled_Then_each_points_segment_is_the_object_whose_colour_and_footprint_it_has()
    {
        for (var index = 0; index < 20; index++)
        {
            var (room, sample) = Shapes3dQaData.Sample("train", index);
            var split = Shapes3dQaData.Split("train", index + 1, 512);
            var scene = split.Scenes[sample.SceneId];
            Assert.NotNull(scene.Segments);
            Assert.Equal(scene.Count, scene.Segments!.Length);
            Assert.Equal(Enumerable.Range(-1, room.Objects.Count + 1), scene.Segments.Distinct().Order());
            Assert.Equal((int)(512 * RoomPointSampler.FloorFraction), scene.Segments.Count(s => s == ScenePoints.NoSegment));
            var v = scene.Values;
            for (var i = 0; i < scene.Count; i++)
            {
                var o = i * ScenePoints.Channels;
                var id = scene.Segments[i];
                if (id == ScenePoints.NoSegment)
                {
                    Assert.InRange(v[o + 2], -0.05f, 0.05f);
                    Assert.True(Math.Abs(v[o + 3] - v[o + 4]) < 1e-6 && Math.Abs(v[o + 4] - v[o + 5]) < 1e-6);
                    continue;
                }
                var obj = room.Objects[id];
                var colour = RoomVocabulary.Colours[obj.Colour];
                Assert.InRange(v[o + 3], colour.R - 0.041f, colour.R + 0.041f);
                Assert.InRange(v[o + 4], colour.G - 0.041f, colour.G + 0.041f);
                Assert.InRange(v[o + 5], colour.B - 0.041f, colour.B + 0.041f);
                var distance = Math.Sqrt((v[o] - obj.X) * (v[o] - obj.X) + (v[o + 1] - obj.Y) * (v[o + 1] - obj.Y));
                Assert.True(distance <= obj.Radius * Math.Sqrt(2) + 0.03, $"point {i} of object {id} is {distance:F3} from its centre");
            }
        }
    }
}

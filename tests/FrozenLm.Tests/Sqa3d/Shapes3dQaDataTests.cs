using FrozenLm.Data.Sqa3d;

namespace FrozenLm.Tests.Sqa3d;

public sealed class Shapes3dQaDataTests
{
    [Fact]
    public void Given_a_generated_split_When_answers_are_counted_per_family_Then_each_family_is_balanced_within_one()
    {
        var split = Shapes3dQaData.Split("train", 300, 256);
        foreach (var family in SituatedQuestions.Families)
        {
            var answers = split.Samples.Where(s => s.Family == family).GroupBy(s => s.Answer).ToDictionary(g => g.Key, g => g.Count());
            var allowed = SituatedQuestions.Answers(family);
            Assert.Equal(allowed.Order(), answers.Keys.Order());
            Assert.True(answers.Values.Max() - answers.Values.Min() <= 1, family);
            Assert.True(answers.Values.Max() <= Math.Ceiling(60.0 / allowed.Count), family);
        }
    }

    [Fact]
    public void Given_the_same_index_When_generated_twice_or_in_another_split_size_Then_the_sample_and_points_are_identical()
    {
        var a = Shapes3dQaData.Split("test", 12, 128);
        var b = Shapes3dQaData.Split("test", 20, 128);
        for (var i = 0; i < 12; i++)
        {
            Assert.Equal(a.Samples[i], b.Samples[i]);
            Assert.Equal(a.Scenes[a.Samples[i].SceneId].Values, b.Scenes[b.Samples[i].SceneId].Values);
        }
        Assert.NotEqual(a.Samples[0].Question + a.Samples[0].Situation, Shapes3dQaData.Split("train", 1, 128).Samples[0].Question + Shapes3dQaData.Split("train", 1, 128).Samples[0].Situation);
    }

    [Fact]
    public void Given_generated_samples_When_answers_are_recomputed_from_the_room_Then_they_agree()
    {
        for (var i = 0; i < 100; i++)
        {
            var (room, s) = Shapes3dQaData.Sample("train", i);
            var pose = s.Pose;
            switch (s.Family)
            {
                case "larger":
                    var named = room.Objects.Where(o => s.Question.Contains(o.Description, StringComparison.Ordinal)).ToList();
                    Assert.Equal(2, named.Count);
                    Assert.Equal(named.Single(o => o.Large).ShapeName, s.Answer);
                    break;
                case "count":
                    var shape = RoomVocabulary.Shapes.ToList().FindIndex(n => s.Question.Contains(n + "s ", StringComparison.Ordinal));
                    var behind = room.Objects.Count(o => o.Shape == shape && Room.Relative(pose, o).Forward < 0);
                    Assert.Equal(behind.ToString(System.Globalization.CultureInfo.InvariantCulture), s.Answer);
                    break;
                case "reach":
                    var target = room.Objects.Single(o => s.Question.Contains(o.Description, StringComparison.Ordinal));
                    Assert.Equal(Room.Relative(pose, target).Forward > 0 ? "yes" : "no", s.Answer);
                    break;
                case "colour":
                    var asked = RoomVocabulary.Shapes.ToList().FindIndex(n => s.Question.EndsWith(n + "?", StringComparison.Ordinal));
                    Assert.Equal(room.Objects.Where(o => o.Shape == asked).MinBy(o => Room.Distance(pose, o))!.ColourName, s.Answer);
                    Assert.DoesNotContain(RoomVocabulary.Shapes[asked], s.Situation);
                    break;
                case "side":
                    var left = s.Question.Contains("left", StringComparison.Ordinal);
                    var side = room.Objects.Where(o => !s.Situation.Contains(o.Description, StringComparison.Ordinal))
                        .Where(o => Room.Relative(pose, o) is var r && (left ? r.Left : -r.Left) > Math.Abs(r.Forward)).ToList();
                    Assert.Equal(s.Answer, Assert.Single(side).ShapeName);
                    break;
            }
            // The agent faces the object the situation says it faces.
            var facing = room.Objects.Where(o => s.Situation.Contains(o.Description, StringComparison.Ordinal))
                .Where(o => Room.Relative(pose, o) is var r && Math.Abs(r.Left) < 1e-9 && r.Forward > 0).ToList();
            Assert.Single(facing);
        }
    }

    [Fact]
    public void Given_a_generated_room_When_sampled_to_points_Then_floor_is_grey_at_z_0_and_objects_are_coloured_above_it()
    {
        var split = Shapes3dQaData.Split("train", 5, 512);
        foreach (var scene in split.Scenes.Values)
        {
            Assert.Equal(512, scene.Count);
            var v = scene.Values;
            var grey = 0;
            for (var i = 0; i < scene.Count; i++)
            {
                var o = i * ScenePoints.Channels;
                Assert.InRange(v[o], -1.1f, 1.1f);
                Assert.InRange(v[o + 1], -1.1f, 1.1f);
                Assert.InRange(v[o + 2], -0.05f, 0.5f);
                for (var c = 3; c < 6; c++)
                    Assert.InRange(v[o + c], 0f, 1f);
                if (Math.Abs(v[o + 3] - v[o + 4]) < 1e-6 && Math.Abs(v[o + 4] - v[o + 5]) < 1e-6)
                {
                    grey++;
                    Assert.InRange(v[o + 2], -0.05f, 0.05f);
                }
            }
            Assert.Equal((int)(512 * RoomPointSampler.FloorFraction), grey);
        }
    }
}

using System.Globalization;
using FrozenLm.Data.VisionLanguage;

namespace FrozenLm.Tests.VisionLanguage;

public sealed class ShapesVqaDataTests
{
    private static readonly VqaSplit Train = ShapesVqaData.Split("train", 360);

    [Fact]
    public void Given_a_generated_split_When_counting_answers_Then_each_family_is_balanced_and_no_answer_exceeds_20_percent()
    {
        foreach (var family in ShapesVqaData.Families)
        {
            var key = SceneQuestions.Key(family);
            var counts = Train.Samples.Where(s => s.Family == key).GroupBy(s => s.BestAnswer).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(SceneQuestions.Answers(family).Order(), counts.Keys.Order());
            Assert.True(counts.Values.Max() - counts.Values.Min() <= 1, $"{key}: {string.Join(", ", counts)}");
        }
        var top = Train.Samples.GroupBy(s => s.BestAnswer).Max(g => g.Count());
        Assert.True(top <= 0.2 * Train.Samples.Count, $"most frequent answer {top} of {Train.Samples.Count}");
    }

    [Fact]
    public void Given_the_same_split_and_index_When_generated_twice_Then_scene_and_question_are_identical()
    {
        var (a, qa) = ShapesVqaData.Sample("train", 17);
        var (b, qb) = ShapesVqaData.Sample("train", 17);
        Assert.Equal(qa, qb);
        Assert.Equal(a.Objects, b.Objects);
        Assert.NotEqual(a.Objects, ShapesVqaData.Sample("test", 17).Scene.Objects);
        Assert.Equal(Train.Samples[17].Question, qa.Text);
    }

    [Fact]
    public void Given_generated_questions_When_answered_from_the_scene_independently_Then_the_answers_agree()
    {
        var images = (SceneImages)Train.Images;
        foreach (var sample in Train.Samples)
        {
            var scene = images.Scenes[sample.Image];
            var words = sample.Question.TrimEnd('?').Split(' ');
            var expected = sample.Family switch
            {
                "exists" => scene.Objects.Any(o => o.ColourName == words[3] && o.ShapeName == words[4]) ? "yes" : "no",
                "count" when words[3] == "objects" => scene.Objects.Count(o => o.ColourName == words[2]).ToString(CultureInfo.InvariantCulture),
                "count" => scene.Objects.Count(o => SceneVocabulary.Plural(o.Shape) == words[2]).ToString(CultureInfo.InvariantCulture),
                "colour" => scene.Objects.Single(o => o.ShapeName == words[4]).ColourName,
                "shape" => scene.Objects.Single(o => o.ColourName == words[4]).ShapeName,
                "compare" => Find(scene, words[2], words[3]).Large == Find(scene, words[6], words[7]).Large ? "yes" : "no",
                "spatial" => Relation(Find(scene, words[3], words[4]), Find(scene, words[8], words[9])),
                _ => throw new InvalidOperationException(sample.Family),
            };
            Assert.True(expected == sample.BestAnswer, $"{sample.Question} -> {sample.BestAnswer}, expected {expected}");
        }
    }

    [Fact]
    public void Given_generated_scenes_When_rendered_Then_objects_overlap_sometimes_and_each_stays_half_visible()
    {
        var scenes = ((SceneImages)Train.Images).Scenes;
        var occluded = 0;
        foreach (var scene in scenes)
        {
            var owners = SceneRenderer.Owners(scene, 64);
            for (var i = 0; i < scene.Objects.Count; i++)
            {
                var visible = owners.Count(o => o == i);
                var area = SceneRenderer.Area(scene.Objects[i], 64);
                Assert.True(visible >= 0.5 * area, $"object {i} shows {visible} of {area} pixels");
                if (visible < area)
                    occluded++;
            }
        }
        Assert.True(occluded > scenes.Count / 20, $"only {occluded} occluded objects in {scenes.Count} scenes");
    }

    [Fact]
    public void Given_a_scene_When_captioned_Then_five_captions_name_its_objects()
    {
        var (scene, captions) = ShapesCaptionData.Sample("train", 3);
        Assert.Equal(SceneCaptions.PerScene, captions.Count);
        Assert.All(scene.Objects, o => Assert.Contains($"{o.SizeName} {o.Noun}", captions[0]));
        Assert.Equal(captions, ShapesCaptionData.Sample("train", 3).Captions);
    }

    private static SceneObject Find(Scene scene, string colour, string shape) =>
        scene.Objects.Single(o => o.ColourName == colour && o.ShapeName == shape);

    private static string Relation(SceneObject a, SceneObject b)
    {
        double dx = a.X - b.X, dy = a.Y - b.Y;
        if (Math.Abs(dx) >= 1.5 * Math.Abs(dy))
            return dx < 0 ? "left" : "right";
        return dy < 0 ? "above" : "below";
    }
}

using FrozenLm.Data.VisionLanguage;

namespace FrozenLm.Tests.VisionLanguage;

public sealed class ShapesCaptionDataTests
{
    [Fact]
    public void Given_300_generated_scenes_When_captioned_Then_the_captions_tell_the_scenes_apart()
    {
        var (_, captions) = ShapesCaptionData.Split("test", 300);
        Assert.All(captions, c => Assert.Equal(SceneCaptions.PerScene, c.Count));
        // The full caption set of a scene is unique, and so is its left-to-right caption in nearly every scene.
        Assert.Equal(300, captions.Select(c => string.Join("|", c)).Distinct().Count());
        Assert.True(captions.Select(c => c[0]).Distinct().Count() >= 295, $"{captions.Select(c => c[0]).Distinct().Count()} distinct first captions");
    }

    [Fact]
    public void Given_the_same_split_and_index_When_generated_twice_Then_scene_and_captions_are_identical()
    {
        var (a, ca) = ShapesCaptionData.Sample("train", 17);
        var (b, cb) = ShapesCaptionData.Sample("train", 17);
        Assert.Equal(a.Objects, b.Objects);
        Assert.Equal(ca, cb);
    }
}

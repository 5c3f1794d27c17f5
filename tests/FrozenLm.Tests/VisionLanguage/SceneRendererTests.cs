using FrozenLm.Data.VisionLanguage;

namespace FrozenLm.Tests.VisionLanguage;

public sealed class SceneRendererTests
{
    [Fact]
    public void Given_one_square_When_rendered_Then_its_inside_has_its_colour_and_the_rest_is_background()
    {
        // A large square at the centre of a 50 px image spans 0.17 * 0.85 * 50 = 7.2 px either side of the centre.
        var scene = new Scene([new SceneObject(SceneShape.Square, 2, Large: true, 0.5, 0.5)]);
        var pixels = SceneRenderer.Render(scene, 50);
        const int plane = 50 * 50;
        var blue = SceneVocabulary.ColourRgb[2];
        for (var c = 0; c < 3; c++)
        {
            Assert.Equal(blue[c], pixels[c * plane + 25 * 50 + 25], 6);
            Assert.Equal(blue[c], pixels[c * plane + 20 * 50 + 30], 6);
            Assert.Equal(SceneVocabulary.Background, pixels[c * plane + 10 * 50 + 25], 6);
            Assert.Equal(SceneVocabulary.Background, pixels[c * plane + 25 * 50 + 40], 6);
        }
        var owners = SceneRenderer.Owners(scene, 50);
        Assert.Equal(0, owners[25 * 50 + 25]);
        Assert.Equal(-1, owners[0]);
        // Pixel centres (x + 0.5) / 50 within 0.1445 of 0.5: x from 18 to 31, 14 columns and rows.
        Assert.Equal(14 * 14, SceneRenderer.Area(scene.Objects[0], 50));
    }

    [Fact]
    public void Given_two_overlapping_objects_When_rendered_Then_the_later_one_is_on_top()
    {
        var scene = new Scene([new SceneObject(SceneShape.Circle, 0, true, 0.5, 0.5), new SceneObject(SceneShape.Circle, 1, false, 0.5, 0.5)]);
        var pixels = SceneRenderer.Render(scene, 40);
        Assert.Equal(SceneVocabulary.ColourRgb[1][1], pixels[40 * 40 + 20 * 40 + 20], 6);
        Assert.Equal(1, SceneRenderer.Owners(scene, 40)[20 * 40 + 20]);
    }

    [Theory]
    [InlineData(SceneShape.Circle, 0.0, 0.99, true)]
    [InlineData(SceneShape.Circle, 0.75, 0.75, false)]
    [InlineData(SceneShape.Square, 0.8, 0.8, true)]
    [InlineData(SceneShape.Diamond, 0.6, 0.6, false)]
    [InlineData(SceneShape.Cross, 0.6, 0.6, false)]
    [InlineData(SceneShape.Cross, 0.9, 0.1, true)]
    [InlineData(SceneShape.Triangle, 0.0, -0.9, true)]
    [InlineData(SceneShape.Triangle, 0.5, -0.5, false)]
    public void Given_a_point_in_radius_units_When_tested_Then_inside_follows_the_shape(SceneShape shape, double dx, double dy, bool inside)
    {
        var o = new SceneObject(shape, 0, true, 0.5, 0.5);
        Assert.Equal(inside, SceneRenderer.Inside(o, 0.5 + dx * o.Radius, 0.5 + dy * o.Radius));
    }
}

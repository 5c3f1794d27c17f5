using FrozenLm.Data;

namespace FrozenLm.Tests.Analysis;

public sealed class BilinearResizeTests
{
    [Fact]
    public void Given_a_2x2_image_When_upsampled_to_4x4_Then_half_pixel_centres_give_the_hand_values()
    {
        // Source [[0, 1], [2, 3]]. Output x maps to u = (x + .5)/2 - .5 = -.25, .25, .75, 1.25 -> clamped 0, .25, .75, 1;
        // rows likewise with v. Value = u + 2v.
        var up = BilinearResize.Resize([0, 1, 2, 3], 1, 2, 2, 4, 4);
        float[] expected =
        [
            0.0f, 0.25f, 0.75f, 1.0f,
            0.5f, 0.75f, 1.25f, 1.5f,
            1.5f, 1.75f, 2.25f, 2.5f,
            2.0f, 2.25f, 2.75f, 3.0f,
        ];
        Assert.Equal(expected, up);
    }
}

using FrozenLm.Encoders;
using FrozenLm.Layers;
using FrozenLm.Models.VisionLanguage;
using TorchSharp;

namespace FrozenLm.Tests.Models;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class ConvStemTests
{
    [Fact]
    public void Given_patch_8_When_built_Then_three_stride_2_layers_double_up_to_the_width_and_keep_the_patch_grid()
    {
        torch.manual_seed(1);
        using var embed = new PatchEmbedding(3, 32, 8, 32, ImageStem.Conv);
        var shapes = embed.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);
        Assert.Equal(new long[] { 8, 3, 3, 3 }, shapes["stem.layers.0.conv.weight"]);
        Assert.Equal(new long[] { 16, 8, 3, 3 }, shapes["stem.layers.1.conv.weight"]);
        Assert.Equal(new long[] { 32, 16, 3, 3 }, shapes["stem.layers.2.conv.weight"]);
        Assert.Equal(new long[] { 32 }, shapes["stem.layers.2.norm.weight"]);
        Assert.Equal(new long[] { 32, 32, 1, 1 }, shapes["proj.weight"]);
        Assert.False(shapes.ContainsKey("stem.layers.3.conv.weight"));
        using var images = torch.randn(2, 3, 32, 32);
        using var tokens = embed.forward(images);
        Assert.Equal(new long[] { 2, 16, 32 }, tokens.shape);
    }

    [Fact]
    public void Given_a_pixel_in_the_top_left_patch_When_it_changes_Then_only_tokens_within_the_receptive_field_change()
    {
        // Three 3x3 stride-2 layers see 15 px: a change at pixel (0, 0) reaches cells (0..1, 0..1) of the 4 x 4 grid, never
        // the far corner (3, 3), whose field starts at pixel 17. A strided 8x8 patch conv would move only cell (0, 0).
        torch.manual_seed(2);
        using var embed = new PatchEmbedding(3, 16, 8, 32, ImageStem.Conv);
        embed.eval();
        using var images = torch.randn(1, 3, 32, 32);
        using var changed = images.clone();
        using (torch.no_grad())
            changed[0, .., 0, 0].add_(torch.ones(3).mul(5));
        using var a = embed.forward(images);
        using var b = embed.forward(changed);
        using var diff = a.sub(b).abs().amax(2).view(4, 4);                               // per cell
        Assert.True(diff[0, 0].item<float>() > 1e-4f);
        Assert.True(diff[3, 3].item<float>() == 0f);
        Assert.True(diff[0, 3].item<float>() == 0f);
        Assert.True(diff[3, 0].item<float>() == 0f);
    }

    [Fact]
    public void Given_an_image_tower_with_the_conv_stem_When_forward_Then_it_gives_cls_plus_one_token_per_patch()
    {
        torch.manual_seed(3);
        var config = new VitConfig { Dim = 16, Depth = 1, Heads = 2, PatchSize = 16, ImageSize = 64, Channels = 3, NumClasses = 2, Stem = ImageStem.Conv };
        using var tower = new ImageTower(config);
        Assert.Contains("patch_embed.stem.layers.3.conv.weight", tower.named_parameters().Select(p => p.name));
        using var images = torch.randn(2, 3, 64, 64);
        using var tokens = tower.forward(images);
        Assert.Equal(new long[] { 2, 17, 16 }, tokens.shape);
    }

    [Theory]
    [InlineData(12)]
    [InlineData(1)]
    public void Given_a_patch_that_is_not_a_power_of_two_When_validating_a_conv_stem_vit_Then_it_names_the_patch_flag(int patch)
    {
        var config = new VitConfig { Dim = 16, Depth = 1, Heads = 2, PatchSize = patch, ImageSize = 48, Stem = ImageStem.Conv };
        var e = Assert.Throws<UserInputException>(config.Validate);
        Assert.Contains("--patch", e.Message);
        Assert.Contains("power-of-two", e.Message);
    }
}

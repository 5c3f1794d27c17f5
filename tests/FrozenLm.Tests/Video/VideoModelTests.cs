using FrozenLm.Encoders.Video;
using FrozenLm.Models;
using TorchSharp;

namespace FrozenLm.Tests.Video;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class VideoModelTests
{
    private static VideoVitConfig Tiny(bool learned = false) => new()
    {
        Frames = 4, ImageSize = 16, PatchSize = 8, TubeletSize = 2, Dim = 16, Depth = 2, Heads = 2, NumClasses = 5,
        LearnedPosition = learned,
    };

    [Fact]
    public void Tubelet_embedding_maps_a_clip_to_time_major_tokens_of_the_conv3d()
    {
        torch.manual_seed(1);
        using var embed = new TubeletEmbedding(channels: 3, dim: 6, frames: 4, imageSize: 16, tubeletSize: 2, patchSize: 8);
        using var clips = torch.randn([2, 3, 4, 16, 16]);
        using var tokens = embed.forward(clips);
        Assert.Equal([2L, 2 * 2 * 2, 6], tokens.shape);
        Assert.Equal(8, embed.NumTokens);
        // token (t, r, c) = the conv of the tubelet frames 2t..2t+1, rows 8r.., columns 8c..
        var conv = (TorchSharp.Modules.Conv3d)embed.named_children().Single().module;
        using var weight = conv.weight!.detach();
        using var bias = conv.bias!.detach();
        const int t = 1, r = 0, c = 1;
        using var tubelet = clips.narrow(2, 2 * t, 2).narrow(3, 8 * r, 8).narrow(4, 8 * c, 8);    // [2, 3, 2, 8, 8]
        using var expected = torch.einsum("bcthw,dcthw->bd", tubelet, weight).add(bias);
        var error = tokens.select(1, t * 4 + r * 2 + c).sub(expected).abs().max().item<float>();
        Assert.True(error < 1e-4, $"max abs error {error}");
    }

    [Fact]
    public void Tubelet_embedding_rejects_a_wrong_clip_shape_and_sizes_that_do_not_divide()
    {
        using var embed = new TubeletEmbedding(3, 6, 4, 16, 2, 8);
        using var wrong = torch.zeros([1, 3, 6, 16, 16]);
        Assert.Contains("[B, 3, 4, 16, 16]", Assert.Throws<UserInputException>(() => embed.forward(wrong)).Message);
        Assert.Equal("--tubelet", Assert.Throws<UserInputException>(() => new TubeletEmbedding(3, 6, 5, 16, 2, 8)).Subject);
        Assert.Equal("--patch", Assert.Throws<UserInputException>(() => new TubeletEmbedding(3, 6, 4, 20, 2, 8)).Subject);
    }

    [Fact]
    public void Position_table_matches_the_videomae_formula()
    {
        const int positions = 12, dim = 10;
        var table = SinusoidPositionTable.Values(positions, dim);
        for (var n = 0; n < positions; n++)
        {
            Assert.Equal(0.0, table[n * dim] - Math.Sin(n), 12);                  // j = 0: sin(n / 10000^0)
            Assert.Equal(0.0, table[n * dim + 1] - Math.Cos(n), 12);              // j = 1: cos(n / 10000^0)
            Assert.Equal(0.0, table[n * dim + 4] - Math.Sin(n / Math.Pow(10000, 0.4)), 12);  // j = 4: 2 * (4 / 2) / 10
            Assert.Equal(0.0, table[n * dim + 9] - Math.Cos(n / Math.Pow(10000, 0.8)), 12);  // j = 9: 2 * (9 / 2) / 10
        }
        using var tensor = SinusoidPositionTable.Create(positions, dim);
        Assert.Equal([1L, positions, dim], tensor.shape);
        Assert.Equal((float)Math.Cos(7 / Math.Pow(10000, 0.2)), tensor[0, 7, 3].item<float>(), 6);
    }

    [Fact]
    public void Fixed_table_is_a_non_persistent_buffer_and_learned_one_a_parameter_with_videomae_keys()
    {
        torch.manual_seed(2);
        using var fixedModel = new VideoVisionTransformer(Tiny());
        var keys = fixedModel.state_dict().Keys.ToList();
        Assert.DoesNotContain("pos_embed", keys);
        Assert.Contains("patch_embed.proj.weight", keys);
        Assert.Contains("blocks.1.attn.qkv.weight", keys);
        Assert.Contains("fc_norm.weight", keys);
        Assert.Contains("head.weight", keys);
        Assert.DoesNotContain(fixedModel.named_parameters(), p => p.name == "pos_embed");
        using var learned = new VideoVisionTransformer(Tiny(learned: true));
        var pos = learned.named_parameters().Single(p => p.name == "pos_embed").parameter;
        Assert.Equal([1L, 8, 16], pos.shape);
        Assert.True(pos.std().item<float>() > 0.005f, "learned table initialised (truncated normal 0.02)");
    }

    [Fact]
    public void Model_gives_logits_per_clip_and_scales_the_initial_head()
    {
        torch.manual_seed(3);
        using var model = new VideoVisionTransformer(Tiny());
        using var clips = torch.randn([3, 3, 4, 16, 16]);
        using var logits = model.forward(clips);
        Assert.Equal([3L, 5], logits.shape);
        var head = model.named_parameters().Single(p => p.name == "head.weight").parameter;
        var std = head.std().item<float>();
        Assert.InRange(std, 1e-6f, 1e-4f);                                          // 0.02 x init_scale 0.001
    }

    [Fact]
    public void Weight_init_chooses_the_blocks_linear_init()
    {
        double Fc1Std(FrozenLm.Layers.LinearInit init)
        {
            torch.manual_seed(4);
            using var model = new VideoVisionTransformer(Tiny() with { Dim = 64, WeightInit = init });
            return model.named_parameters().Single(p => p.name == "blocks.0.mlp.fc1.weight").parameter.std().item<float>();
        }
        Assert.InRange(Fc1Std(FrozenLm.Layers.LinearInit.TruncNormal), 0.018, 0.022);
        var xavier = Math.Sqrt(2.0 / (64 + 256));                                    // fc1: 64 -> 256, uniform with this std
        Assert.InRange(Fc1Std(FrozenLm.Layers.LinearInit.Xavier), 0.95 * xavier, 1.05 * xavier);
    }
}

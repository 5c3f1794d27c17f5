using FrozenLm.Encoders;
using FrozenLm.Encoders.Motion;
using FrozenLm.Encoders.Video;
using FrozenLm.Flops;
using FrozenLm.FrozenStage;
using FrozenLm.Models;
using FrozenLm.Tests.Models;

namespace FrozenLm.Tests.Flops;

/// <summary>The analytic FLOP counts against hand counts (a multiply-add counts 2).</summary>
public sealed class FlopCountTests
{
    // ViT: 8 px, patch 4 -> 4 patches + CLS = 5 tokens, width 8, one block (2 heads, MLP 16), 3 channels, 3 classes.
    private static readonly VitConfig TinyVit = new()
    {
        Dim = 8, Depth = 1, Heads = 2, PatchSize = 4, ImageSize = 8, Channels = 3, NumClasses = 3, MlpRatio = 2,
    };

    [Fact]
    public void Given_a_tiny_vit_When_counted_Then_it_matches_the_hand_count()
    {
        using var model = new VisionTransformer(TinyVit);

        var flops = model.FlopsPerSample();

        const double patch = 2.0 * 4 * (8 * 3 * 4 * 4);      // 4 patches x kernel 3x4x4 -> 8
        const double qkv = 2.0 * 5 * 8 * 24, proj = 2.0 * 5 * 8 * 8;
        const double mlp = 2.0 * 5 * 8 * 16 * 2;
        const double head = 2.0 * 8 * 3;                     // the CLS token only
        const double scores = 4.0 * 5 * 5 * 8;               // Q K^T and A V over 5 tokens, width 8
        Assert.Equal(patch + qkv + proj + mlp + head, flops.Trainable);
        Assert.Equal(0, flops.Frozen);
        Assert.Equal(scores, flops.WeightFree);
        Assert.Equal(9040, flops.Forward);
        Assert.Equal(3 * 9040, flops.Train);
    }

    [Fact]
    public void Given_a_frozen_llama_stage_When_counted_Then_mappers_train_and_the_block_is_frozen()
    {
        // Tiny llama: hidden 32, 4 query heads and 2 key/value heads of 8, gated FFN 64; visual width 24, 5 tokens.
        using var stage = TinyModels.Stage(LmStageMode.Frozen, visualDim: 24)!;

        var flops = ModuleFlops.RowWise(stage, rows: 5);

        const double mappers = 2 * (2.0 * 5 * 24 * 32);
        const double attention = 2.0 * 5 * 32 * 32 * 2 + 2.0 * 5 * 32 * 16 * 2;   // q, o; k, v (grouped)
        const double ffn = 3 * (2.0 * 5 * 32 * 64);                                // gate, up, down
        Assert.Equal(mappers, flops.Trainable);
        Assert.Equal(attention + ffn, flops.Frozen);
        Assert.Equal(4.0 * 5 * 5 * 32, flops.WeightFree);
        Assert.Equal(3 * mappers + 2 * (attention + ffn) + 3 * 4.0 * 5 * 5 * 32, flops.Train);
    }

    [Fact]
    public void Given_a_finetuned_stage_When_counted_Then_the_block_counts_as_trainable()
    {
        using var frozen = TinyModels.Stage(LmStageMode.Frozen, visualDim: 24)!;
        using var finetune = TinyModels.Stage(LmStageMode.Finetune, visualDim: 24)!;

        var f = ModuleFlops.RowWise(frozen, 5);
        var t = ModuleFlops.RowWise(finetune, 5);

        Assert.Equal(f.Forward, t.Forward);
        Assert.Equal(0, t.Frozen);
        Assert.Equal(f.Trainable + f.Frozen, t.Trainable);
        Assert.True(t.Train > f.Train);
    }

    [Fact]
    public void Given_a_vit_with_a_stage_When_counted_Then_it_is_the_plain_vit_plus_the_stage_on_every_token()
    {
        var config = TinyModels.Vit(channels: 1);
        using var plain = new VisionTransformer(config);
        using var staged = new VisionTransformer(config, TinyModels.Stage(LmStageMode.Frozen, config.Dim), LmStagePosition.Middle);
        using var stage = TinyModels.Stage(LmStageMode.Frozen, config.Dim)!;

        Assert.Equal(plain.FlopsPerSample() + ModuleFlops.RowWise(stage, plain.NumTokens), staged.FlopsPerSample());
    }

    [Fact]
    public void Given_a_tiny_video_vit_When_counted_Then_it_matches_the_hand_count()
    {
        // 4 frames of 8 px, tubelet 2 x 4 x 4 -> 2 x 2 x 2 = 8 tokens, width 8, one block (2 heads, MLP 16), 3 classes.
        using var model = new VideoVisionTransformer(new VideoVitConfig
        {
            Frames = 4, ImageSize = 8, PatchSize = 4, TubeletSize = 2, Dim = 8, Depth = 1, Heads = 2, MlpRatio = 2,
            Channels = 3, NumClasses = 3,
        });

        var flops = model.FlopsPerSample();

        const double tubelets = 2.0 * 8 * (8 * 3 * 2 * 4 * 4);   // 8 tokens x kernel 3x2x4x4 -> 8
        const double qkv = 2.0 * 8 * 8 * 24, proj = 2.0 * 8 * 8 * 8;
        const double mlp = 2.0 * 8 * 8 * 16 * 2;
        const double head = 2.0 * 8 * 3;                         // the mean-pooled token only
        Assert.Equal(tubelets + qkv + proj + mlp + head, flops.Trainable);
        Assert.Equal(20528, flops.Trainable);
        Assert.Equal(0, flops.Frozen);
        Assert.Equal(4.0 * 8 * 8 * 8, flops.WeightFree);
    }

    [Fact]
    public void Given_a_tiny_vectornet_When_counted_Then_it_matches_the_hand_count()
    {
        // 5 polylines x 3 vectors of 14 features; subgraph 2 layers of 4 (14 -> 4, 8 -> 4), width 8, one block
        // (2 heads, MLP 16), decoder 8 -> 6 -> 2 modes x (3 steps x 2 + 1).
        using var model = new VectorNet(new VectorNetConfig
        {
            SubgraphLayers = 2, SubgraphHidden = 4, Dim = 8, Depth = 1, Heads = 2, MlpRatio = 2, DecoderHidden = 6, Modes = 2,
            FutureSteps = 3,
        });

        var flops = model.Flops(polylines: 5, vectors: 3);

        const double subgraph = 2.0 * 15 * 14 * 4 + 2.0 * 15 * 8 * 4;
        const double proj = 2.0 * 5 * 8 * 8;
        const double block = 2.0 * 5 * 8 * 24 + 2.0 * 5 * 8 * 8 + 2.0 * 5 * 8 * 16 * 2;
        const double decoder = 2.0 * 8 * 6 + 2.0 * 6 * 14;
        Assert.Equal(subgraph + proj + block + decoder, flops.Trainable);
        Assert.Equal(8664, flops.Trainable);
        Assert.Equal(0, flops.Frozen);
        Assert.Equal(4.0 * 5 * 5 * 8, flops.WeightFree);
    }

    [Fact]
    public void Given_a_tiny_mmtransformer_When_counted_Then_it_matches_the_hand_count()
    {
        // 5 polylines (2 agents, 3 lanes) x 3 vectors of 14 features; subgraph 1 layer of 4 (14 -> 4), width 8, 2 heads,
        // MLP 16; 2 regions x 1 proposal; each stacked transformer 1 encoder block + 1 decoder layer; one trunk block;
        // head 8 -> 6 -> 3 steps x 2 and 8 -> 6 -> 1.
        using var model = new MmTransformer(
            new VectorNetConfig { SubgraphLayers = 1, SubgraphHidden = 4, Dim = 8, Depth = 1, Heads = 2, MlpRatio = 2, DecoderHidden = 6, Modes = 2, FutureSteps = 3 },
            new MmTransformerConfig { Regions = 2, ProposalsPerRegion = 1, EncoderLayers = 1, DecoderLayers = 1 },
            agents: 2, vectors: 3);

        var flops = model.Flops(polylines: 5, vectors: 3);

        const double block = 2.0 * (8 * 24 + 8 * 8 + 8 * 16 * 2);                 // per token: qkv, proj, MLP
        static double Stacked(int memory) =>                                         // memory = tokens + the null token
            block * memory                                                           // encoder block
            + 2.0 * 2 * (8 * 24 + 8 * 8) + 2.0 * 2 * (8 * 16 * 2)                    // decoder self-attention and MLP, 2 proposals
            + 2.0 * 2 * 8 * 8 + 2.0 * memory * 8 * 16 + 2.0 * 2 * 8 * 8;             // cross-attention q, kv, proj
        static double StackedProducts(int memory) => 4.0 * memory * memory * 8 + 4.0 * 2 * 2 * 8 + 4.0 * 2 * memory * 8;
        const double embeddings = 2.0 * 15 * 14 * 4 + 2.0 * 5 * 8 * 8 + 2.0 * 3 * 14 * 8;   // subgraph, proj, hist_embed
        const double trunk = 2 * block;
        const double head = 2 * (2.0 * (8 * 6 + 6 * 6) + 2.0 * (8 * 6 + 6 * 1));
        Assert.Equal(embeddings + Stacked(4) + Stacked(4) + Stacked(3) + trunk + head, flops.Trainable);
        Assert.Equal(27352, flops.Trainable);
        Assert.Equal(0, flops.Frozen);
        Assert.Equal(StackedProducts(4) + StackedProducts(4) + StackedProducts(3) + 4.0 * 2 * 2 * 8, flops.WeightFree);
        Assert.Equal(2528, flops.WeightFree);
    }
}

using FrozenLm.Encoders;
using FrozenLm.Flops;
using FrozenLm.FrozenStage;
using FrozenLm.Models.VisionLanguage;
using FrozenLm.Tests.Models;
using FrozenLm.Text;
using TorchSharp;

namespace FrozenLm.Tests.Flops;

/// <summary>The vision-language models' and the text encoder's FLOP counts against hand counts (a multiply-add counts 2).</summary>
public sealed class VisionLanguageFlopTests
{
    // ViT: 8 px, patch 4 -> 4 patches + CLS = 5 tokens, width 8, one block (2 heads, MLP 16); text width 12, 4 text tokens.
    private static readonly VitConfig TinyVit = new()
    {
        Dim = 8, Depth = 1, Heads = 2, PatchSize = 4, ImageSize = 8, Channels = 3, NumClasses = 3, MlpRatio = 2,
    };

    private const double VitTrainable = 2.0 * 4 * (8 * 3 * 4 * 4) + Block5;   // patch embedding + one block over 5 tokens
    private const double Block5 = 2.0 * 5 * 8 * 24 + 2.0 * 5 * 8 * 8 + 2.0 * 5 * 8 * 16 * 2;
    private const double Block9 = 2.0 * 9 * 8 * 24 + 2.0 * 9 * 8 * 8 + 2.0 * 9 * 8 * 16 * 2;   // 5 image + 4 text tokens
    private const double Block4 = 2.0 * 4 * 8 * 24 + 2.0 * 4 * 8 * 8 + 2.0 * 4 * 8 * 16 * 2;
    private const double Transforms = 2.0 * 5 * 8 * 8 + 2.0 * 4 * 12 * 8;   // image 8 -> 8, text 12 -> 8
    private const double Poolers = 2 * (2.0 * 8 * 8);
    private const double FusionTrainable = Transforms + Block9 + Poolers;
    private const double Scores = 4.0 * 5 * 5 * 8 + 4.0 * 9 * 9 * 8;        // the ViT block and the fusion block

    [Fact]
    public void Given_a_tiny_vqa_model_When_counted_Then_it_matches_the_hand_count()
    {
        torch.manual_seed(1);
        var config = new VqaModelConfig { Vit = TinyVit, FusionDepth = 1, FusionHeads = 2, TextHidden = 12, Answers = 3 };
        using var model = new VqaFusionModel(config, stage: null, LmStagePosition.Tail, textEncoder: null, withQuestionOnly: true);

        var flops = model.Flops(textTokens: 4, encodeText: true);

        const double classifier = 2.0 * 16 * 32 + 2.0 * 32 * 3;                    // pooled 2 x 8 -> 32 -> 3 answers
        const double questionOnly = 2.0 * 4 * 12 * 8 + Block4 + 2.0 * 8 * 8 + 2.0 * 8 * 16 + 2.0 * 16 * 3;
        Assert.Equal(VitTrainable + FusionTrainable + classifier + questionOnly, flops.Trainable);
        Assert.Equal(0, flops.Frozen);
        Assert.Equal(Scores + 4.0 * 4 * 4 * 8, flops.WeightFree);
        Assert.Equal(25632, flops.Trainable);
    }

    [Fact]
    public void Given_a_frozen_stage_after_fusion_When_counted_Then_it_adds_the_stage_over_the_merged_sequence()
    {
        torch.manual_seed(1);
        var config = new VqaModelConfig { Vit = TinyVit, FusionDepth = 1, FusionHeads = 2, TextHidden = 12, Answers = 3 };
        using var plain = new VqaFusionModel(config, stage: null, LmStagePosition.Tail, textEncoder: null, withQuestionOnly: false);
        using var staged = new VqaFusionModel(config, TinyModels.Stage(LmStageMode.Frozen, 8), LmStagePosition.Tail, textEncoder: null,
            withQuestionOnly: false);
        using var stage = TinyModels.Stage(LmStageMode.Frozen, 8)!;

        Assert.Equal(plain.Flops(4, encodeText: false) + ModuleFlops.RowWise(stage, 9), staged.Flops(4, encodeText: false));
        Assert.True(staged.Flops(4, false).Frozen > 0);
    }

    [Fact]
    public void Given_a_tiny_retrieval_model_When_counted_Then_the_fusion_runs_on_three_pairs_per_sample()
    {
        torch.manual_seed(1);
        var config = new RetrievalModelConfig { Vit = TinyVit, FusionDepth = 1, FusionHeads = 2, TextHidden = 12, EmbedDim = 6 };
        using var model = new RetrievalModel(config, stage: null, LmStagePosition.Tail, textEncoder: null);

        var flops = model.TrainFlops(textTokens: 4, encodeText: true);

        const double projections = 2.0 * 8 * 6 + 2.0 * 12 * 6;
        const double itm = 2.0 * 16 * 2;
        Assert.Equal(VitTrainable + projections + 3 * (FusionTrainable + itm), flops.Trainable);
        Assert.Equal(4.0 * 5 * 5 * 8 + 3 * 4.0 * 9 * 9 * 8, flops.WeightFree);
        Assert.Equal(0, flops.Frozen);
    }

    [Fact]
    public void Given_the_minilm_text_encoder_When_counted_Then_six_bert_layers_count_frozen_or_trainable()
    {
        using var encoder = TextEncoder.Load("minilm", torch.CPU);

        var frozen = encoder.Flops(10);
        encoder.SetTrainable(true);
        var trainable = encoder.Flops(10);

        const double perLayer = 4 * (2.0 * 10 * 384 * 384) + 2 * (2.0 * 10 * 384 * 1536);   // q, k, v, o; FFN in and out
        Assert.Equal(6 * perLayer, frozen.Frozen);
        Assert.Equal(0, frozen.Trainable);
        Assert.Equal(6 * 4.0 * 10 * 10 * 384, frozen.WeightFree);
        Assert.Equal(6 * perLayer, trainable.Trainable);
        Assert.Equal(0, trainable.Frozen);
    }

    [Fact]
    public void Given_texts_When_the_mean_token_count_is_taken_Then_it_equals_the_encoded_lengths()
    {
        var tokenizer = TextTokenizer.ForModel("minilm");
        string[] texts = ["A red circle.", "two blue squares", "is there a large green triangle left of the small cube?", "A red circle."];

        var encoded = tokenizer.Encode(texts);
        var expected = Enumerable.Range(0, texts.Length).Average(encoded.TokenCount);
        var cut = tokenizer.Encode(texts, maxLength: 5);
        var expectedCut = Enumerable.Range(0, texts.Length).Average(cut.TokenCount);

        Assert.Equal(expected, tokenizer.MeanTokenCount(texts), 12);
        Assert.Equal(expectedCut, tokenizer.MeanTokenCount(texts, maxLength: 5), 12);
        Assert.True(expected > expectedCut);
        Assert.Equal(0, tokenizer.MeanTokenCount([]));
    }
}

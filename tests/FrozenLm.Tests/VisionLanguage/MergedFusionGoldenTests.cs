using FrozenLm.Encoders;
using FrozenLm.FrozenStage;
using FrozenLm.Layers;
using FrozenLm.Models.VisionLanguage;
using TorchSharp;

namespace FrozenLm.Tests.VisionLanguage;

/// <summary>
/// The VQA and retrieval models share one merged-attention fusion part. Golden values were printed by these same
/// tests on main before that refactor (commit 306ec20, where each model had its own copy), so the shared part
/// must give the same initial weights (same draws, same order) and the same outputs for a fixed seed.
/// </summary>
[Collection(Runtime.RuntimeCollection.Name)]
public sealed class MergedFusionGoldenTests
{
    private static readonly VitConfig Vit = new() { Dim = 16, Depth = 1, Heads = 2, PatchSize = 8, ImageSize = 16, Channels = 3, NumClasses = 2 };

    private static (TorchSharp.torch.Tensor Images, TorchSharp.torch.Tensor Hidden, TorchSharp.torch.Tensor Mask) Inputs()
    {
        var images = torch.randn(2, 3, 16, 16);
        var hidden = torch.randn(2, 5, 8);
        var mask = torch.tensor(new long[,] { { 1, 1, 1, 1, 1 }, { 1, 1, 1, 0, 0 } });
        return (images, hidden, mask);
    }

    private static float[] Values(TorchSharp.torch.Tensor t) => t.detach().flatten().data<float>().ToArray();

    private static void AssertClose(float[] expected, float[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var maxError = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        Assert.True(maxError < 1e-5f, $"max abs error {maxError}; actual: {string.Join(", ", actual.Select(v => v.ToString("R")))}");
    }

    [Theory]
    [InlineData(LinearInit.TruncNormal,
        new[] { -0.063286506f, 0.013282883f, -0.061846063f, -0.045891006f, -0.05708915f, -0.068026364f, 0.0037713144f, -0.023707662f, 0.09294753f, 0.042098477f, -0.042113118f, -0.085718326f, -0.07529145f, -0.09476995f, -0.053699084f, 0.029109228f, 0.008740108f, 0.0060555115f, 0.0065807328f, -0.08256453f },
        new[] { 0.52654535f, 0.1013206f, 0.9148848f, 0.13334428f, -1.161724f, 0.07523092f, 0.1615876f, 0.10443441f, -0.04349349f, 0.51466876f, -0.09756433f, 0.97496825f, -0.7281891f, -1.0183239f, 0.63892066f, 0.6620994f, 1.6569183f, 1.7685715f })]
    [InlineData(LinearInit.Xavier,
        new[] { 0.47103444f, -1.8470838f, -1.8264563f, 0.30475765f, -0.18206528f, 0.49700287f, -2.186904f, -0.6462505f, 1.5739878f, 1.4331999f, -0.7808236f, -0.35903606f, 0.14794348f, -0.97260636f, 0.3078544f, -0.6588565f, -0.31375286f, -0.26933736f, -1.3001221f, -0.430467f },
        new[] { 0.58906066f, -0.51011807f, -0.16429365f, -0.06915773f, -0.63134545f, 0.23991135f, 2.3243463f, 1.6327187f, 0.28767756f, 1.8375466f, 0.04931846f, -0.63535655f, 1.2642171f, 0.537919f, -1.0042372f, 0.16221717f, 0.9013855f, -0.80038947f })]
    public void Given_a_seed_When_the_vqa_model_fuses_Then_logits_and_fused_tokens_match_main(LinearInit init, float[] logits, float[] fusedProbe)
    {
        torch.manual_seed(11);
        var config = new VqaModelConfig { Vit = Vit, FusionDepth = 2, FusionHeads = 2, TextHidden = 8, Answers = 5, WeightInit = init };
        using var model = new VqaFusionModel(config, stage: null, LmStagePosition.Tail, textEncoder: null, withQuestionOnly: true);
        model.eval();
        var (images, hidden, mask) = Inputs();
        using var _i = images;
        using var _h = hidden;
        using var _m = mask;
        using var _ = torch.no_grad();
        using var actualLogits = model.Logits(images, hidden, mask);
        using var fused = model.Fuse(images, hidden, mask);
        using var probe = fused[.., TorchSharp.torch.TensorIndex.Slice(0, null, 4), TorchSharp.torch.TensorIndex.Slice(0, 3)];
        using var questionOnly = model.QuestionOnly!.Logits(hidden, mask);
        Assert.Equal(new long[] { 2, 5 + 5, 16 }, fused.shape);
        AssertClose(logits, [.. Values(actualLogits), .. Values(questionOnly)]);
        AssertClose(fusedProbe, Values(probe));
    }

    [Fact]
    public void Given_a_seed_When_the_retrieval_model_matches_Then_match_logits_and_embeddings_match_main()
    {
        torch.manual_seed(12);
        var config = new RetrievalModelConfig { Vit = Vit, FusionDepth = 2, FusionHeads = 2, TextHidden = 8, EmbedDim = 6 };
        using var model = new RetrievalModel(config, stage: null, LmStagePosition.Tail, textEncoder: null);
        model.eval();
        var (images, hidden, mask) = Inputs();
        using var _i = images;
        using var _h = hidden;
        using var _m = mask;
        using var _ = torch.no_grad();
        using var features = model.ImageFeatures(images);
        using var match = model.MatchLogits(features, hidden, mask);
        using var imageEmbedding = model.ImageEmbedding(features);
        using var textEmbedding = model.TextEmbedding(hidden, mask);
        AssertClose([0.0025684093f, 0.003996408f, 0.002168359f, 5.936087E-05f], Values(match));
        AssertClose([-0.23206955f, 0.11125363f, 0.0121128885f, -0.30284214f, -0.01642706f, -0.91740745f, -0.28384453f, 0.14205368f, 0.22788599f, -0.22359619f, 0.011374109f, -0.89285856f, -0.3326137f, 0.34444287f, 0.027419554f, -0.85832256f, 0.18172903f, 0.015240325f, 0.23514535f, -0.60743266f, -0.66874224f, 0.22376038f, -0.06571182f, -0.272267f],
            [.. Values(imageEmbedding), .. Values(textEmbedding)]);
    }

    [Fact]
    public void Given_the_shared_fusion_When_listing_the_retrieval_models_keys_Then_they_are_those_of_main()
    {
        var config = new RetrievalModelConfig { Vit = Vit, FusionDepth = 1, FusionHeads = 2, TextHidden = 8, EmbedDim = 6 };
        using var model = new RetrievalModel(config, stage: null, LmStagePosition.Tail, textEncoder: null);
        var names = model.named_parameters().Select(p => p.name).Where(n => !n.StartsWith("vit.", StringComparison.Ordinal)).Order().ToList();
        string[] block = ["attn.proj.bias", "attn.proj.weight", "attn.qkv.bias", "attn.qkv.weight", "mlp.fc1.bias", "mlp.fc1.weight",
            "mlp.fc2.bias", "mlp.fc2.weight", "norm1.bias", "norm1.weight", "norm2.bias", "norm2.weight"];
        string[] expected =
        [
            .. block.Select(k => "blocks.0." + k), "cross_modal_image_pooler.dense.bias", "cross_modal_image_pooler.dense.weight",
            "cross_modal_image_transform.bias", "cross_modal_image_transform.weight", "cross_modal_text_pooler.dense.bias",
            "cross_modal_text_pooler.dense.weight", "cross_modal_text_transform.bias", "cross_modal_text_transform.weight", "itm_score.bias",
            "itm_score.weight", "logit_scale", "norm.bias", "norm.weight", "text_proj.bias", "text_proj.weight", "token_type_embeddings.weight",
            "vision_proj.bias", "vision_proj.weight",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), names.Order(StringComparer.Ordinal));
    }
}

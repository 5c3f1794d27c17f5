using FrozenLm.Encoders;
using FrozenLm.FrozenStage;
using FrozenLm.Layers;
using FrozenLm.Models.VisionLanguage;
using FrozenLm.Tasks;
using FrozenLm.Tasks.Vqa;
using TorchSharp;

namespace FrozenLm.Tests.VisionLanguage;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class VqaFusionModelTests
{
    private static VqaModelConfig Config() => new()
    {
        Vit = new VitConfig { Dim = 16, Depth = 1, Heads = 2, PatchSize = 8, ImageSize = 16, Channels = 3, NumClasses = 2 },
        FusionDepth = 2, FusionHeads = 2, TextHidden = 8, Answers = 5,
    };

    [Fact]
    public void Given_padded_text_When_the_padding_changes_Then_the_logits_do_not()
    {
        torch.manual_seed(3);
        using var model = new VqaFusionModel(Config(), stage: null, LmStagePosition.Tail, textEncoder: null, withQuestionOnly: true);
        model.eval();
        using var images = torch.randn(2, 3, 16, 16);
        using var hidden = torch.randn(2, 5, 8);
        using var mask = torch.tensor(new long[,] { { 1, 1, 1, 1, 1 }, { 1, 1, 1, 0, 0 } });
        using var other = hidden.clone();
        using (torch.no_grad())
            other[1, 3..].copy_(torch.randn(2, 8).mul(10));
        using var a = model.Logits(images, hidden, mask);
        using var b = model.Logits(images, other, mask);
        using var qa = model.QuestionOnly!.Logits(hidden, mask);
        using var qb = model.QuestionOnly!.Logits(other, mask);
        Assert.Equal(new long[] { 2, 5 }, a.shape);
        Assert.True(a.sub(b).abs().max().item<float>() < 1e-5f);
        Assert.True(qa.sub(qb).abs().max().item<float>() < 1e-5f);
        // Without the mask the same change moves the second sample's logits.
        using var full = torch.ones(2, 5, torch.int64);
        using var c = model.Logits(images, hidden, full);
        using var d = model.Logits(images, other, full);
        Assert.True(c[1].sub(d[1]).abs().max().item<float>() > 1e-4f);
    }

    [Theory]
    [InlineData(LinearInit.Xavier)]
    [InlineData(LinearInit.TruncNormal)]
    public void Given_a_weight_init_When_the_model_is_built_Then_every_linear_of_vit_fusion_and_baseline_has_its_scale(LinearInit init)
    {
        torch.manual_seed(4);
        var config = Config() with { Vit = Config().Vit with { Dim = 64, Heads = 4 }, FusionHeads = 4, WeightInit = init };
        using var model = new VqaFusionModel(config, stage: null, LmStagePosition.Tail, textEncoder: null, withQuestionOnly: true);
        var parameters = model.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        // Glorot uniform: std sqrt(2 / (fan_in + fan_out)); timm: 0.02 whatever the shape.
        foreach (var (name, fanIn, fanOut) in new[]
                 {
                     ("vit.blocks.0.attn.qkv.weight", 64, 192), ("vit.blocks.0.mlp.fc1.weight", 64, 256),
                     ("blocks.1.attn.proj.weight", 64, 64), ("cross_modal_text_transform.weight", 8, 64),
                     ("question_only.blocks.0.mlp.fc2.weight", 256, 64), ("question_only.cross_modal_text_transform.weight", 8, 64),
                 })
        {
            var expected = init == LinearInit.Xavier ? Math.Sqrt(2.0 / (fanIn + fanOut)) : 0.02;
            var std = parameters[name].std().item<float>();
            Assert.InRange(std, 0.9 * expected, 1.1 * expected);
        }
        Assert.Equal(0f, parameters["blocks.0.attn.qkv.bias"].abs().max().item<float>());
        Assert.Equal(1f, parameters["blocks.0.norm1.weight"].min().item<float>());
    }

    [Fact]
    public void Given_the_model_When_listing_parameters_Then_keys_follow_meter_and_timm_names()
    {
        using var model = new VqaFusionModel(Config(), stage: null, LmStagePosition.Tail, textEncoder: null, withQuestionOnly: true);
        var names = model.named_parameters().Select(p => p.name).ToHashSet();
        foreach (var key in new[]
                 {
                     "vit.patch_embed.proj.weight", "vit.cls_token", "vit.pos_embed", "vit.blocks.0.attn.qkv.weight", "vit.norm.weight",
                     "cross_modal_image_transform.weight", "cross_modal_text_transform.weight", "token_type_embeddings.weight",
                     "blocks.1.mlp.fc2.weight", "norm.bias", "cross_modal_image_pooler.dense.weight", "cross_modal_text_pooler.dense.bias",
                     "vqa_classifier.0.weight", "vqa_classifier.1.weight", "vqa_classifier.3.bias",
                     "question_only.cross_modal_text_transform.weight", "question_only.blocks.0.attn.proj.weight", "question_only.vqa_classifier.3.weight",
                 })
            Assert.Contains(key, names);
    }

    [Fact]
    public void Given_soft_targets_When_scoring_Then_each_prediction_gets_its_answer_score_and_the_loss_is_soft_cross_entropy()
    {
        using var logits = torch.tensor(new float[,] { { 2f, 0f, -1f }, { -3f, 1f, 4f }, { 1f, 1f, 1f } });
        using var targets = torch.tensor(new float[,] { { 1f / 3, 1f, 0f }, { 0f, 0f, 2f / 3 }, { 0f, 0f, 0f } });
        Assert.Equal([1f / 3, 2f / 3, 0f], VqaTask.Scores(logits, targets));
        // Targets normalised per row (1/4, 3/4, 0), (0, 0, 1); a row without targets adds 0; mean over the 3 rows.
        double LogSoftmax(double[] x, int k) => x[k] - Math.Log(x.Sum(Math.Exp));
        double[] a = [2, 0, -1], b = [-3, 1, 4];
        var expected = (-(0.25 * LogSoftmax(a, 0) + 0.75 * LogSoftmax(a, 1)) - LogSoftmax(b, 2)) / 3;
        using var loss = VqaTask.Loss(logits, targets);
        Assert.Equal(expected, loss.item<float>(), 5);
    }

    [Fact]
    public void Given_subgroup_sums_When_averaged_Then_each_is_over_its_own_samples()
    {
        var totals = new MetricTotals();
        totals.Add("vqa_acc", 3);
        totals.Add("acc_count", 1, 2);
        totals.AddSamples(4);
        totals.Add("vqa_acc", 1);
        totals.Add("acc_count", 2, 2);
        totals.AddSamples(2);
        Assert.Equal(4 / 6.0, totals.Mean("vqa_acc"), 12);
        Assert.Equal(3 / 4.0, totals.Mean("acc_count"), 12);
    }
}

using System.Text.Json;
using FrozenLm.FrozenStage;
using FrozenLm.FrozenStage.Variants;
using FrozenLm.Comparison;
using FrozenLm.IO;
using FrozenLm.Reports;
using FrozenLm.Tests.LanguageModels;
using TorchSharp;

namespace FrozenLm.Tests.FrozenStage;

[Collection(Runtime.RuntimeCollection.Name)]
public sealed class StageVariantsTests
{
    private const int VisualDim = 24;

    private static (long Trainable, long Frozen) Count(LmStage stage) =>
        (stage.parameters().Where(p => p.requires_grad).Sum(p => p.numel()),
            stage.parameters().Where(p => !p.requires_grad).Sum(p => p.numel()));

    [Fact]
    public void Given_the_table_When_listed_Then_names_colours_defaults_and_reference_are_as_the_reports_expect()
    {
        Assert.Equal(["none", "frozen", "finetune", "random", "mlp"], StageVariants.All.Select(v => v.Name));
        Assert.Equal(["none", "frozen", "mlp", "random"], StageVariants.Default.Select(v => v.Name));
        Assert.Equal("none", StageVariants.Reference.Name);
        Assert.All(StageVariants.All, v => Assert.Matches("^#[0-9a-f]{6}$", v.Color));
        Assert.Equal(StageVariants.All.Count, StageVariants.All.Select(v => v.Color).Distinct().Count());
        Assert.All(StageVariants.All, v => Assert.Same(v, v.Mode.Variant));
        Assert.Equal(LmStageMode.Mlp, LmStageMode.Parse("MLP"));
        Assert.Equal("frozen", LmStageMode.Frozen.ToString());
    }

    [Fact]
    public void Given_the_table_When_reports_ask_for_colour_label_and_description_Then_they_come_from_the_variant()
    {
        var random = StageVariants.Get("random");
        Assert.Equal(("#16a34a", "the random block", "same LM block shape, random init, trained"),
            (VariantColors.Hex("random"), VerdictWriter.Label("random"), CompareVariants.Describe("random")));
        Assert.Equal((random.Color, random.Label, random.Description),
            (VariantColors.Hex("random"), VerdictWriter.Label("random"), CompareVariants.Describe("random")));
        Assert.Equal(StageVariants.Get("frozen").Color, VariantColors.Hex("frozen:layers=3"));
        Assert.Equal(["none", "frozen", "mlp", "random", "finetune"], CompareVariants.All);
        Assert.Equal(["none", "frozen", "mlp", "random"], CompareVariants.Default);
    }

    [Fact]
    public void Given_an_unknown_name_When_looked_up_Then_one_line_lists_the_known_variants()
    {
        var e = Assert.Throws<UserInputException>(() => StageVariants.Get("lora"));
        Assert.Equal(("--lm-mode", "'lora' is not one of none, frozen, finetune, random, mlp"), (e.Subject, e.Problem));
        Assert.Equal("--variants", Assert.Throws<UserInputException>(() => LmStageMode.Parse("lora", "--variants")).Subject);
        Assert.Null(StageVariants.Find("lora"));
    }

    [Fact]
    public void Given_options_in_json_When_round_tripped_Then_the_mode_is_its_lower_case_name_and_unknown_names_fail()
    {
        foreach (var mode in LmStageMode.All)
        {
            var json = JsonSerializer.Serialize(new LmStageOptions { Mode = mode }, RunJson.Options);
            Assert.Contains($"\"mode\": \"{mode.Name}\"", json);
            Assert.Equal(mode, JsonSerializer.Deserialize<LmStageOptions>(json, RunJson.Options)!.Mode);
        }
        var old = JsonSerializer.Deserialize<LmStageOptions>("""{"mode":"finetune","position":"middle","layers":[4,5]}""", RunJson.Options)!;
        Assert.Equal((LmStageMode.Finetune, LmStagePosition.Middle), (old.Mode, old.Position));
        Assert.Equal([4, 5], old.Layers);
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<LmStageOptions>("""{"mode":"lora"}""", RunJson.Options));
        Assert.Contains("known: none, frozen, finetune, random, mlp", e.Message);
    }

    [Fact]
    public void Given_each_variant_When_built_on_a_checkpoint_Then_the_stage_kind_and_parameter_counts_follow_the_variant()
    {
        var source = LmFixtures.Dir("llama");
        var lmDim = 32;
        var blockParams = LmBlockStackParams(source);
        var mapper = 2L * VisualDim * lmDim;
        using var pretrained = torch.NewDisposeScope();
        foreach (var variant in StageVariants.All)
        {
            var (stage, info) = LmStageFactory.Create(new LmStageOptions { Mode = variant.Mode, Source = source }, VisualDim, seed: 9);
            using var _ = stage;
            Assert.Equal(variant.Mode, info.Mode);
            switch (variant)
            {
                case NoneVariant:
                    Assert.Null(stage);
                    break;
                case MlpVariant:
                {
                    var mlp = Assert.IsType<MlpStage>(stage);
                    var (trainable, frozen) = Count(mlp);
                    Assert.Equal((info.MapperParameters, 0L), (trainable, frozen));
                    Assert.True(Math.Abs(trainable - mapper) <= VisualDim + 1, $"MLP has {trainable} parameters, the mappers {mapper}");
                    break;
                }
                case LmBlockVariant block:
                {
                    var lm = Assert.IsType<LmBlockStage>(stage);
                    var (trainable, frozen) = Count(lm);
                    Assert.Equal((mapper, blockParams), (info.MapperParameters, info.BlockParameters));
                    Assert.Equal(block.TrainsBlocks ? (mapper + blockParams, 0L) : (mapper, blockParams), (trainable, frozen));
                    Assert.Equal(block.Pretrained, info.Checksum is not null);
                    Assert.Equal(block.Pretrained ? source : "random", info.Source);
                    break;
                }
                default:
                    Assert.Fail($"variant {variant.Name} has no expectation in this test");
                    break;
            }
        }
    }

    [Fact]
    public void Given_the_random_variant_When_built_twice_Then_its_blocks_follow_the_seed_and_differ_from_the_checkpoint()
    {
        var source = LmFixtures.Dir("llama");
        torch.Tensor Weight(LmStageMode mode, int seed)
        {
            var (stage, _) = LmStageFactory.Create(new LmStageOptions { Mode = mode, Source = source }, VisualDim, seed);
            using var s = stage!;
            return s.named_parameters().Single(p => p.name.EndsWith("self_attn.q_proj.weight", StringComparison.Ordinal)).parameter.detach().clone();
        }
        using var scope = torch.NewDisposeScope();
        var a = Weight(LmStageMode.Random, 5);
        Assert.Equal(0.0, LmFixtures.MaxAbs(a, Weight(LmStageMode.Random, 5)));
        Assert.True(LmFixtures.MaxAbs(a, Weight(LmStageMode.Random, 6)) > 1e-3);
        Assert.True(LmFixtures.MaxAbs(a, Weight(LmStageMode.Frozen, 5)) > 1e-3);
        Assert.Equal(0.0, LmFixtures.MaxAbs(Weight(LmStageMode.Frozen, 1), Weight(LmStageMode.Finetune, 2)));
    }

    private static long LmBlockStackParams(string source)
    {
        var config = FrozenLm.LanguageModels.LmBlockStack.ReadConfig(source);
        return config.Family.ParameterCountPerLayer(config);
    }
}

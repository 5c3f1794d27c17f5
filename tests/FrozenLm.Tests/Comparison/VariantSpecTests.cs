using FrozenLm.Comparison;
using FrozenLm.FrozenStage;

namespace FrozenLm.Tests.Comparison;

public sealed class VariantSpecTests
{
    [Theory]
    [InlineData("frozen", "frozen", null, null, false, null)]
    [InlineData("frozen:layers=3", "frozen", "3", null, false, null)]
    [InlineData("frozen:layers=4+5", "frozen", "4,5", null, false, null)]
    [InlineData("frozen:position=middle", "frozen", null, "Middle", false, null)]
    [InlineData("frozen:residual", "frozen", null, null, true, null)]
    [InlineData("frozen:lm=arctic-xs", "frozen", null, null, false, "arctic-xs")]
    [InlineData("random:layers=5", "random", "5", null, false, null)]
    [InlineData("frozen:layers=4+5:residual", "frozen", "4,5", null, true, null)]
    [InlineData("mlp:position=head", "mlp", null, "Head", false, null)]
    public void Given_a_valid_spec_When_parsed_Then_each_option_is_read_and_the_name_is_the_spec(
        string text, string baseName, string? layers, string? position, bool residual, string? lm)
    {
        var spec = VariantSpec.Parse(text);
        Assert.Equal(text, spec.Name);
        Assert.Equal(baseName, spec.Base);
        Assert.Equal(layers, spec.Layers is null ? null : string.Join(",", spec.Layers));
        Assert.Equal(position, spec.Position?.ToString());
        Assert.Equal(residual, spec.Residual);
        Assert.Equal(lm, spec.Lm);
        Assert.Equal(text == baseName, spec.IsPlain);
    }

    [Theory]
    [InlineData("Frozen : residual : LAYERS = 04+5", "frozen:layers=4+5:residual")]
    [InlineData("frozen:lm=arctic-xs:position=HEAD:residual:layers=2", "frozen:layers=2:position=head:residual:lm=arctic-xs")]
    [InlineData("random:layers=5+4", "random:layers=5+4")]
    [InlineData(" NONE ", "none")]
    public void Given_options_in_any_order_or_case_When_parsed_Then_the_name_is_canonical(string text, string canonical)
    {
        Assert.Equal(canonical, VariantSpec.Parse(text).Name);
        Assert.Equal(canonical, VariantSpec.Parse(canonical).Name);
    }

    [Theory]
    [InlineData("lora", "unknown variant 'lora'; choose from none, frozen, mlp, random, finetune")]
    [InlineData(":layers=3", "':layers=3' does not start with a variant name; choose from none, frozen, mlp, random, finetune")]
    [InlineData("frozen:depth=3", "unknown option 'depth' in 'frozen:depth=3'; options: layers=I+J, position=tail|middle|head, residual, lm=SOURCE")]
    [InlineData("frozen:layers=x", "'x' in 'frozen:layers=x' is not a layer index (a non-negative integer; several are joined with '+', e.g. layers=4+5)")]
    [InlineData("frozen:layers=-1", "'-1' in 'frozen:layers=-1' is not a layer index (a non-negative integer; several are joined with '+', e.g. layers=4+5)")]
    [InlineData("frozen:layers=4++5", "'' in 'frozen:layers=4++5' is not a layer index (a non-negative integer; several are joined with '+', e.g. layers=4+5)")]
    [InlineData("frozen:layers", "option 'layers' in 'frozen:layers' needs a value (e.g. layers=4+5)")]
    [InlineData("frozen:lm=", "option 'lm' in 'frozen:lm=' needs a value (e.g. lm=arctic-xs)")]
    [InlineData("frozen:position=left", "unknown position 'left' in 'frozen:position=left'; choose from tail, middle, head")]
    [InlineData("frozen:residual=yes", "option 'residual' in 'frozen:residual=yes' takes no value (write frozen:residual)")]
    [InlineData("frozen:layers=3:layers=4", "option 'layers' is given twice in 'frozen:layers=3:layers=4'")]
    [InlineData("frozen::residual", "'frozen::residual' has an empty option (two colons in a row, or one at the end)")]
    [InlineData("frozen:", "'frozen:' has an empty option (two colons in a row, or one at the end)")]
    [InlineData("none:layers=3", "'none:layers=3': the plain encoder 'none' takes no options")]
    [InlineData("none:residual", "'none:residual': the plain encoder 'none' takes no options")]
    public void Given_a_bad_spec_When_parsed_Then_one_line_names_the_flag_and_the_problem(string text, string problem)
    {
        var e = Assert.Throws<UserInputException>(() => VariantSpec.ParseList("none," + text));
        Assert.Equal("--variants", e.Subject);
        Assert.Equal(problem, e.Problem);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("frozen,frozen", "variant 'frozen' is listed twice")]
    [InlineData("frozen:layers=3:residual,frozen:residual:layers=3", "variant 'frozen:layers=3:residual' is listed twice")]
    [InlineData(" , ", "names no variant; choose from none, frozen, mlp, random, finetune")]
    public void Given_a_bad_list_When_parsed_Then_it_is_refused(string list, string problem) =>
        Assert.Equal(problem, Assert.Throws<UserInputException>(() => VariantSpec.ParseList(list)).Problem);

    [Fact]
    public void Given_a_list_When_parsed_Then_rows_follow_the_variant_table_and_keep_the_given_order_within_a_variant()
    {
        Assert.Equal(["none", "frozen:layers=3", "frozen", "frozen:position=middle", "mlp"],
            VariantSpec.ParseList("mlp,frozen:layers=3,none,frozen,frozen:position=middle").Select(s => s.Name));
        Assert.Equal(["none", "frozen", "frozen:layers=3", "frozen:position=middle"],
            CompareVariants.Parse("none,frozen,frozen:layers=3,frozen:position=middle", "--variants"));
    }

    [Fact]
    public void Given_stage_options_When_a_spec_is_applied_Then_it_sets_the_mode_and_only_the_options_it_names()
    {
        var preset = new LmStageOptions
        {
            Mode = LmStageMode.Frozen, Position = LmStagePosition.Tail, Residual = false, Source = "minilm", Layers = [5], FinalNorm = true,
            StorageDType = "BF16",
        };

        var all = VariantSpec.Parse("random:layers=4+5:position=middle:residual:lm=arctic-xs").Apply(preset);
        Assert.Equal(LmStageMode.Random, all.Mode);
        Assert.Equal([4, 5], all.Layers);
        Assert.Equal(LmStagePosition.Middle, all.Position);
        Assert.True(all.Residual);
        Assert.Equal("arctic-xs", all.Source);
        Assert.Equal((true, "BF16"), (all.FinalNorm, all.StorageDType));

        Assert.Equal(preset with { Mode = LmStageMode.Mlp }, VariantSpec.Parse("mlp").Apply(preset));
        Assert.Equal(preset with { Mode = LmStageMode.None }, VariantSpec.Parse("none").Apply(preset));
        Assert.Equal(preset with { Mode = LmStageMode.Finetune, Position = LmStagePosition.Head },
            VariantSpec.Parse("finetune:position=head").Apply(preset));
        Assert.Equal(preset with { Residual = true }, VariantSpec.Parse("frozen").Apply(preset with { Residual = true }));
    }

    [Theory]
    [InlineData("none", "none")]
    [InlineData("frozen", "frozen")]
    [InlineData("frozen:layers=3", "frozen_layers-3")]
    [InlineData("frozen:layers=4+5:residual", "frozen_layers-4+5_residual")]
    [InlineData("frozen:position=middle", "frozen_position-middle")]
    [InlineData("frozen:lm=arctic-xs", "frozen_lm-arctic-xs")]
    public void Given_a_spec_When_named_on_disk_Then_plain_names_stay_and_options_become_safe_parts(string text, string dir) =>
        Assert.Equal(dir, VariantSpec.Parse(text).DirectoryName);

    [Fact]
    public void Given_lm_paths_When_named_on_disk_Then_the_names_are_safe_and_do_not_collide()
    {
        string[] texts = ["frozen:lm=/models/Tiny Llama", "frozen:lm=/models/tiny-llama", "frozen:lm=C\\models\\tiny-llama",
                          "frozen:lm=" + new string('x', 200)];
        var dirs = texts.Select(t => VariantSpec.Parse(t).DirectoryName).ToList();

        Assert.Equal(dirs.Count, dirs.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(dirs, d =>
        {
            Assert.StartsWith("frozen_lm-", d);
            Assert.Matches("^[a-z0-9.+_-]+$", d);
            Assert.True(d.Length <= 90, d);
        });
        Assert.Matches("^frozen_lm--models-tiny-llama-[0-9a-f]{8}$", dirs[0]);
    }

    [Fact]
    public void Given_a_spec_When_described_Then_the_variant_text_is_followed_by_its_options_in_words()
    {
        Assert.Equal(CompareVariants.Describe("frozen"), VariantSpec.Parse("frozen").Describe());
        Assert.Equal(CompareVariants.Describe("frozen") + "; LM layers 4+5, stage at the middle, residual connection around the stage, LM arctic-xs",
            VariantSpec.Parse("frozen:layers=4+5:position=middle:residual:lm=arctic-xs").Describe());
        Assert.Equal("the frozen LM block (layers=3, residual)", VerdictWriter.Label("frozen:layers=3:residual"));
        Assert.Equal("the plain encoder", VerdictWriter.Label("none"));
    }
}

using FrozenLm.Reports;

namespace FrozenLm.Tests.Comparison;

public sealed class VariantPaletteTests
{
    [Fact]
    public void Given_specs_of_one_variant_When_coloured_Then_each_row_differs_and_shades_stay_near_the_variant_colour()
    {
        string[] rows = ["none", "frozen", "frozen:layers=0", "frozen:layers=1", "frozen:layers=2", "frozen:layers=3", "frozen:layers=4",
                         "frozen:layers=5", "frozen:position=middle", "frozen:residual", "mlp", "mlp:layers=3", "random:layers=5"];
        var palette = VariantPalette.For(rows);
        var colours = rows.Select(palette.Hex).ToList();

        Assert.Equal(rows.Length, colours.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(colours, c => Assert.Matches("^#[0-9a-f]{6}$", c));
        foreach (var plain in new[] { "none", "frozen", "mlp" })
            Assert.Equal(VariantColors.Hex(plain), palette.Hex(plain));
        foreach (var row in rows.Where(r => r.Contains(':')))
        {
            var (baseHue, _, _) = VariantPalette.ToHsl(VariantColors.Hex(row[..row.IndexOf(':')]));
            var (hue, _, _) = VariantPalette.ToHsl(palette.Hex(row));
            var turn = Math.Abs(hue - baseHue);
            Assert.True(Math.Min(turn, 360 - turn) <= 40, $"{row}: hue {hue:F0} vs its variant's {baseHue:F0}");
        }
    }

    [Theory]
    [InlineData("#2563eb")]
    [InlineData("#ea580c")]
    [InlineData("#6b7280")]
    [InlineData("#000000")]
    [InlineData("#ffffff")]
    public void Given_a_colour_When_converted_to_hsl_and_back_Then_it_is_unchanged(string hex)
    {
        var (h, s, l) = VariantPalette.ToHsl(hex);
        Assert.Equal(hex, VariantPalette.FromHsl(h, s, l));
    }

    [Fact]
    public void Given_a_blue_When_converted_to_hsl_Then_it_matches_the_textbook_values()
    {
        // #2563eb: r 37, g 99, b 235 -> max b, min r; L = (235 + 37) / 510 = 0.5333; C = 198 / 255 = 0.7765;
        // S = C / (1 - |2L - 1|) = 0.7765 / 0.9333 = 0.8319; H = 60 * ((r - g) / C + 4) = 60 * (-62 / 198 + 4) = 221.21.
        var (h, s, l) = VariantPalette.ToHsl("#2563eb");
        Assert.Equal(221.21, h, 2);
        Assert.Equal(0.8319, s, 4);
        Assert.Equal(0.5333, l, 4);
    }
}

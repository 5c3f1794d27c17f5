using FrozenLm.LanguageModels.Checkpoints.Gguf;

namespace FrozenLm.Tests.LanguageModels.Gguf;

public sealed class GgufDequantizationTests
{
    [Theory]
    [InlineData("F32")]
    [InlineData("F16")]
    [InlineData("BF16")]
    [InlineData("Q8_0")]
    [InlineData("Q4_0")]
    [InlineData("Q4_1")]
    [InlineData("Q5_0")]
    [InlineData("Q5_1")]
    [InlineData("Q2_K")]
    [InlineData("Q3_K")]
    [InlineData("Q4_K")]
    [InlineData("Q5_K")]
    [InlineData("Q6_K")]
    public void Given_random_blocks_with_extreme_scales_When_dequantised_Then_values_equal_the_numpy_reference_bit_for_bit(string type)
    {
        using var file = GgufFile.Open(GgufFixtures.Path("types", type + ".gguf"));
        Assert.Equal(type, GgmlTypeTraits.Name(file.Tensor("quantised").Type));
        var actual = GgufFixtures.Values(file, "quantised");
        var expected = GgufFixtures.Values(file, "expected");
        Assert.Equal(expected.Length, actual.Length);
        var mismatches = Enumerable.Range(0, actual.Length)
            .Where(i => BitConverter.SingleToInt32Bits(actual[i]) != BitConverter.SingleToInt32Bits(expected[i])).ToList();
        Assert.True(mismatches.Count == 0,
            $"{mismatches.Count} of {actual.Length} values differ, first at {mismatches.FirstOrDefault()}: " +
            $"{(mismatches.Count > 0 ? $"{actual[mismatches[0]]:R} vs {expected[mismatches[0]]:R}" : "")}");
        Assert.Contains(expected, v => Math.Abs(v) > 1e4f); // the extreme scales reached the values
    }

    [Fact]
    public void Given_partial_blocks_When_dequantised_Then_the_length_mismatch_is_rejected()
    {
        var ex = Assert.Throws<ArgumentException>(() => GgufDequantizer.Dequantize(GgmlType.Q4_K, new byte[144], new float[255]));
        Assert.Contains("144 bytes of Q4_K", ex.Message);
    }
}

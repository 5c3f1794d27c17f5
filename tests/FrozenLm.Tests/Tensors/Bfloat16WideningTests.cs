using FrozenLm.Tensors;
using TorchSharp;

namespace FrozenLm.Tests.Tensors;

public sealed class Bfloat16WideningTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(33)]
    [InlineData(4099)]
    public void Given_bf16_values_in_the_upper_half_When_widened_in_place_Then_every_f32_is_bit_identical_to_torch(int count)
    {
        using var scope = torch.NewDisposeScope();
        var values = torch.randn(count) * 100;
        var specials = new[] { float.PositiveInfinity, float.NegativeInfinity, float.NaN, -0f, 1e-40f, float.MaxValue, -3.5f };
        for (var i = 0; i < Math.Min(count, specials.Length); i++)
            values[i] = specials[i];
        var bf16 = values.to(torch.ScalarType.BFloat16);
        var expected = bf16.to(torch.ScalarType.Float32).bytes.ToArray();

        var buffer = new byte[count * 4];
        bf16.bytes.CopyTo(Bfloat16Widening.SourceHalf(buffer));
        Bfloat16Widening.WidenInPlace(buffer);

        Assert.Equal(expected, buffer);
    }

    [Fact]
    public void Given_a_buffer_that_is_not_a_whole_number_of_f32_When_widened_Then_it_is_refused() =>
        Assert.Throws<ArgumentException>(() => Bfloat16Widening.WidenInPlace(new byte[6]));
}

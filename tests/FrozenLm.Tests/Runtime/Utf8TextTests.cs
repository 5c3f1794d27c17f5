using FrozenLm.IO;

namespace FrozenLm.Tests.Runtime;

public sealed class Utf8TextTests
{
    [Fact]
    public void Given_valid_utf8_When_required_Then_the_same_bytes_are_returned()
    {
        byte[] bytes = [.. "{\"k\":\"é ✓ 🙂\"}"u8];
        Assert.Same(bytes, Utf8Text.Require(bytes, "a.json"));
    }

    [Theory]
    [InlineData(new byte[] { 0x7b, 0x22, 0xff, 0x22, 0x7d }, 2, 0xff)]
    [InlineData(new byte[] { 0x22, 0xc3, 0x28, 0x22 }, 1, 0xc3)]
    [InlineData(new byte[] { 0x61, 0x62, 0xe2, 0x82 }, 2, 0xe2)]
    public void Given_invalid_utf8_When_required_Then_one_line_names_the_file_the_byte_and_its_offset(byte[] bytes, int offset, int value)
    {
        var e = Assert.Throws<UserInputException>(() => Utf8Text.Require(bytes, "cfg/config.json"));
        Assert.Equal("cfg/config.json", e.Subject);
        Assert.Equal($"is not UTF-8 text (invalid byte 0x{value:x2} at offset {offset})", e.Problem);
    }
}

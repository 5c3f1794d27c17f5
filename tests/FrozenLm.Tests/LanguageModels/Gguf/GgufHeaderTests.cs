using FrozenLm.LanguageModels.Checkpoints.Gguf;

namespace FrozenLm.Tests.LanguageModels.Gguf;

public sealed class GgufHeaderTests
{
    [Fact]
    public void Given_a_v2_file_with_every_value_type_When_opened_Then_metadata_alignment_and_tensors_read_back()
    {
        using var file = GgufFile.Open(GgufFixtures.Path("metadata-v2.gguf"));
        var h = file.Header;
        var v = h.Metadata.Values;
        Assert.Equal(2, h.Version);
        Assert.Equal(64, h.Alignment);
        Assert.Equal(0, h.DataStart % 64);
        Assert.Equal((byte)200, v["test.u8"]);
        Assert.Equal((sbyte)-100, v["test.i8"]);
        Assert.Equal((ushort)60000, v["test.u16"]);
        Assert.Equal((short)-30000, v["test.i16"]);
        Assert.Equal(4000000000u, v["test.u32"]);
        Assert.Equal(-2000000000, v["test.i32"]);
        Assert.Equal(0.5f, v["test.f32"]);
        Assert.Equal(true, v["test.bool"]);
        Assert.Equal("héllo", v["test.string"]);
        Assert.Equal((1UL << 63) + 5, v["test.u64"]);
        Assert.Equal(-(1L << 62), v["test.i64"]);
        Assert.Equal(-2.25, v["test.f64"]);
        Assert.Equal(new[] { "a", "", "ß" }, ((GgufArray)v["test.strings"]).Values);
        Assert.Equal(new[] { 1.5f, -2.0f }, ((GgufArray)v["test.floats"]).Values);
        Assert.Equal(new[] { true, false, true }, ((GgufArray)v["test.bools"]).Values);
        Assert.Equal(0, ((GgufArray)v["test.empty"]).Count);
        var nested = (GgufArray[])((GgufArray)v["test.nested"]).Values;
        Assert.Equal(new byte[] { 1, 2 }, nested[0].Values);
        Assert.Equal(new byte[] { 3 }, nested[1].Values);
        Assert.Equal(new long[] { 3, 2 }, file.Tensor("a").Dims);
        Assert.Equal(new long[] { 2, 3 }, file.Tensor("a").Shape);
        Assert.Equal(new[] { 0f, 1, 2, 3, 4, 5 }, GgufFixtures.Values(file, "a"));
        Assert.Equal(64, file.Tensor("b").Offset);
        Assert.Equal(new[] { 0f, 1, 2, 3 }, GgufFixtures.Values(file, "b"));
    }

    [Fact]
    public void Given_typed_getters_When_a_key_is_missing_or_mistyped_Then_one_line_names_the_key()
    {
        using var file = GgufFile.Open(GgufFixtures.Path("metadata-v2.gguf"));
        Assert.Equal(200, file.Metadata.Int("test.u8"));
        Assert.Equal(0.5, file.Metadata.OptionalDouble("test.f32"));
        Assert.Null(file.Metadata.OptionalInt("test.absent"));
        var missing = Assert.Throws<UserInputException>(() => file.Metadata.Int("test.absent"));
        Assert.Equal("GGUF metadata has no 'test.absent'", missing.Problem);
        var wrong = Assert.Throws<UserInputException>(() => file.Metadata.Int("test.i32"));
        Assert.Equal("GGUF metadata 'test.i32' must be a non-negative integer, found Int32 -2000000000", wrong.Problem);
        var array = Assert.Throws<UserInputException>(() => file.Metadata.String("test.strings"));
        Assert.Contains("an array of 3 String", array.Problem);
    }
}

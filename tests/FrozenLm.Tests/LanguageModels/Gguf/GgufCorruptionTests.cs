using System.Buffers.Binary;
using FrozenLm.LanguageModels.Checkpoints.Gguf;

namespace FrozenLm.Tests.LanguageModels.Gguf;

public sealed class GgufCorruptionTests
{
    private const uint F32 = 0, Q8_0 = 8;

    private static GgufTestFile Valid() => new GgufTestFile()
        .String("general.architecture", "llama")
        .Tensor("a", [32, 2], Q8_0, 68)
        .Tensor("b", [4], F32, 16);

    private static UserInputException Fails(byte[] bytes)
    {
        var path = GgufFixtures.Write(bytes);
        var ex = Assert.Throws<UserInputException>(() => GgufFile.Open(path).Dispose());
        Assert.Equal(path, ex.Subject);
        Assert.DoesNotContain('\n', ex.Message);
        return ex;
    }

    private static void Patch64(byte[] bytes, int at, ulong value) => BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(at), value);

    [Fact]
    public void Given_the_valid_builder_output_When_opened_Then_it_reads()
    {
        using var file = GgufFile.Open(GgufFixtures.Write(Valid().Build()));
        Assert.Equal(2, file.Header.Tensors.Count);
        Assert.Equal(68, file.Tensor("a").ByteLength);
        Assert.Equal(96, file.Tensor("b").Offset);
    }

    [Fact]
    public void Given_every_truncation_When_opened_Then_each_is_one_line()
    {
        var bytes = Valid().Build();
        foreach (var length in new[] { 0, 3, 10, 23, 30, 40, 60, 90, 120, bytes.Length - 1 })
        {
            var ex = Fails(bytes[..length]);
            Assert.Matches("truncated|runs past|cannot fit|not a GGUF", ex.Problem);
        }
    }

    [Fact]
    public void Given_bad_counts_and_lengths_When_opened_Then_one_line_says_they_do_not_fit()
    {
        var t = Valid();
        var bytes = t.Build();
        Patch64(bytes, t.Positions["tensor_count"], 1UL << 40);
        Assert.Contains("tensor count 1099511627776 cannot fit", Fails(bytes).Problem);

        bytes = t.Build();
        Patch64(bytes, t.Positions["kv_count"], ulong.MaxValue);
        Assert.Contains("metadata count", Fails(bytes).Problem);

        bytes = t.Build();
        Patch64(bytes, t.Positions["value_length:general.architecture"], 1UL << 50);
        Assert.Contains("length 1125899906842624 runs past the end of the file", Fails(bytes).Problem);
    }

    [Fact]
    public void Given_bad_offsets_When_opened_Then_unaligned_out_of_range_and_overlapping_tensors_are_named()
    {
        var unaligned = new GgufTestFile().Tensor("a", [32, 2], Q8_0, 68).Tensor("b", [4], F32, 16, offset: 72);
        Assert.Equal("tensor 'b' offset 72 is not a multiple of the alignment 32", Fails(unaligned.Build()).Problem);

        var t = Valid();
        var bytes = t.Build();
        Patch64(bytes, t.Positions["offset:b"], 1UL << 40);
        Assert.Contains("tensor 'b' (16 bytes at data offset 1099511627776) runs past the end of the file", Fails(bytes).Problem);

        var overlap = new GgufTestFile().Tensor("a", [32, 2], Q8_0, 68).Tensor("b", [4], F32, 16, offset: 64);
        Assert.Equal("tensors 'a' and 'b' overlap in the data area", Fails(overlap.Build()).Problem);
    }

    [Fact]
    public void Given_bad_types_versions_and_shapes_When_opened_Then_each_is_one_line()
    {
        var t = Valid();
        var bytes = t.Build();
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(t.Positions["type:a"]), 77);
        Assert.Equal("tensor 'a' has unknown GGML type 77", Fails(bytes).Problem);

        Assert.Equal("GGUF version 1 is not supported (versions 2 and 3 are)", Fails(new GgufTestFile { Version = 1 }.Build()).Problem);
        Assert.Equal("big-endian GGUF files are not supported", Fails(new GgufTestFile { Version = 0x03000000 }.Build()).Problem);

        var partial = new GgufTestFile().Tensor("a", [48, 2], Q8_0, 102);
        Assert.Contains("rows of 48 are not a whole number of Q8_0 blocks of 32", Fails(partial.Build()).Problem);

        var text = "GGML-not-gguf-at-all-here-padding"u8.ToArray();
        Assert.Equal("not a GGUF file (no 'GGUF' magic)", Fails(text).Problem);
    }

    [Fact]
    public void Given_an_unsupported_quantisation_When_read_Then_one_line_names_the_tensor_and_type()
    {
        const uint iq2xxs = 16;
        var path = GgufFixtures.Write(new GgufTestFile()
            .String("general.architecture", "llama").Tensor("blk.0.attn_q.weight", [256, 1], iq2xxs, 66).Build());
        using var file = GgufFile.Open(path);
        var config = FrozenLm.LanguageModels.Families.LlamaFamily.Instance;
        var lm = TinyLlamaCheckpoint.Config(1);
        using var source = new GgufTensorSource(file, config.Gguf, lm);
        var ex = Assert.Throws<UserInputException>(() => source.Read("model.layers.0.self_attn.q_proj.weight").Dispose());
        Assert.StartsWith("tensor 'blk.0.attn_q.weight' has GGML type IQ2_XXS, which is not supported (supported: F32, F16", ex.Problem);
    }
}

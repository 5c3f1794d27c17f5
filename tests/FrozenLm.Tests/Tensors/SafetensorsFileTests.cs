using System.Buffers.Binary;
using System.Text;
using FrozenLm.Tensors;
using TorchSharp;

namespace FrozenLm.Tests.Tensors;

public sealed class SafetensorsFileTests
{
    internal static byte[] Build(string headerJson, int dataBytes)
    {
        var header = Encoding.UTF8.GetBytes(headerJson);
        var bytes = new byte[8 + header.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)header.Length);
        header.CopyTo(bytes, 8);
        for (var i = 0; i < dataBytes; i++)
            bytes[8 + header.Length + i] = (byte)(i * 7);
        return bytes;
    }

    private static string WriteTemp(byte[] bytes)
    {
        var path = Path.Combine(TestPaths.NewTempDir("st"), "x.safetensors");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static UserInputException Fails(byte[] bytes)
    {
        var path = WriteTemp(bytes);
        var e = Assert.Throws<UserInputException>(() =>
        {
            using var f = SafetensorsFile.Open(path);
        });
        Assert.Equal(path, e.Subject);
        return e;
    }

    [Fact]
    public void Given_tensors_of_every_float_dtype_When_written_and_read_Then_values_shapes_and_metadata_round_trip()
    {
        using var scope = torch.NewDisposeScope();
        var path = Path.Combine(TestPaths.NewTempDir("st"), "rt.safetensors");
        var a = torch.randn(3, 4);
        var tensors = new Dictionary<string, torch.Tensor>
        {
            ["a"] = a, ["b"] = a.to(torch.ScalarType.BFloat16), ["c"] = a.to(torch.ScalarType.Float16),
            ["d"] = a.to(torch.ScalarType.Float64), ["e"] = torch.arange(5L), ["f"] = torch.tensor(new[] { true, false }),
            ["empty"] = torch.zeros(0, 3),
        };
        SafetensorsWriter.Write(path, tensors, new Dictionary<string, string> { ["format"] = "pt" });
        using var file = SafetensorsFile.Open(path);
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal(new[] { "BF16", "F16", "F64", "I64", "BOOL" }, new[] { "b", "c", "d", "e", "f" }.Select(n => file.Info(n).DType));
        foreach (var (name, t) in tensors)
        {
            var back = file.Read(name);
            Assert.Equal(t.dtype, back.dtype);
            Assert.Equal(t.shape, back.shape);
            Assert.True(t.shape.Contains(0) || t.to(torch.ScalarType.Float64).allclose(back.to(torch.ScalarType.Float64), 0, 0), name);
        }
        var f32 = file.ReadFloat32("b");
        Assert.Equal(torch.ScalarType.Float32, f32.dtype);
        Assert.True((f32 - a).abs().max().item<float>() < 0.02f, "bf16 -> f32 conversion stays within bf16 rounding");
    }

    [Fact]
    public void Given_a_missing_file_When_opened_Then_no_such_file()
    {
        var e = Assert.Throws<UserInputException>(() => SafetensorsFile.Open("/nonexistent/x.safetensors"));
        Assert.Equal("no such file or directory", e.Problem);
    }

    [Fact]
    public void Given_a_file_shorter_than_8_bytes_When_opened_Then_truncated() =>
        Assert.Contains("truncated", Fails([1, 2, 3]).Problem);

    [Fact]
    public void Given_a_header_length_beyond_the_file_When_opened_Then_it_says_so()
    {
        var bytes = Build("{}", 0);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1000);
        Assert.Contains("beyond the end of the file", Fails(bytes).Problem);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue);
        Assert.Contains("limit", Fails(bytes).Problem);
    }

    [Fact]
    public void Given_truncated_data_When_opened_Then_offsets_outside_the_data_area() =>
        Assert.Contains("outside the data area", Fails(Build("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""", 4)).Problem);

    [Fact]
    public void Given_overlapping_tensors_When_opened_Then_overlap_is_reported() =>
        Assert.Contains("overlap", Fails(Build(
            """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""", 12)).Problem);

    [Fact]
    public void Given_an_unknown_dtype_When_opened_Then_it_is_named() =>
        Assert.Contains("unknown dtype 'F8_E9'", Fails(Build("""{"a":{"dtype":"F8_E9","shape":[2],"data_offsets":[0,2]}}""", 2)).Problem);

    [Fact]
    public void Given_a_byte_length_mismatch_When_opened_Then_both_sizes_are_named() =>
        Assert.Contains("6 bytes stored but dtype F32 x shape [2] needs 8",
            Fails(Build("""{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,6]}}""", 8)).Problem);

    [Theory]
    [InlineData("""{"a":{"dtype":"F32","shape":[-1],"data_offsets":[0,0]}}""", "negative")]
    [InlineData("""{"a":{"dtype":"F32","data_offsets":[0,0]}}""", "shape")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1]}}""", "data_offsets")]
    [InlineData("""{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}""", "end before")]
    [InlineData("""{"a":""", "JSON")]
    [InlineData("""[1,2]""", "JSON object")]
    [InlineData("""{"__metadata__":{"k":1}}""", "__metadata__")]
    public void Given_a_malformed_header_When_opened_Then_a_precise_user_error(string header, string expected) =>
        Assert.Contains(expected, Fails(Build(header, 8)).Problem);

    [Fact]
    public void Given_a_sharded_index_naming_a_missing_shard_When_opened_Then_the_shard_is_named()
    {
        var dir = TestPaths.NewTempDir("shard");
        var index = Path.Combine(dir, "model.safetensors.index.json");
        File.WriteAllText(index, """{"weight_map":{"a":"missing-00001.safetensors"}}""");
        var e = Assert.Throws<UserInputException>(() => ShardedSafetensors.Open(index));
        Assert.Contains("missing-00001.safetensors", e.Problem);
    }
}

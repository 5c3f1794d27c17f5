using FrozenLm.LanguageModels;
using FrozenLm.LanguageModels.Checkpoints;
using FrozenLm.Tensors;
using TorchSharp;

namespace FrozenLm.Tests.LanguageModels;

/// <summary>The parallel, in-place loading paths against plain torch conversion of what the file holds.</summary>
public sealed class LmBlockLoaderTests
{
    private static string StoredAs(torch.ScalarType dtype)
    {
        var dir = TestPaths.NewTempDir("lm-" + dtype);
        File.Copy(Path.Combine(LmFixtures.Dir("gpt2"), "config.json"), Path.Combine(dir, "config.json"));
        var path = Path.Combine(dir, "model.safetensors");
        using var scope = torch.NewDisposeScope();
        using var file = SafetensorsFile.Open(Path.Combine(LmFixtures.Dir("gpt2"), "model.safetensors"));
        SafetensorsWriter.Write(path, file.Names.Select(n => new KeyValuePair<string, torch.Tensor>(n, file.Read(n).to(dtype))).ToList());
        return dir;
    }

    private static void AssertParametersEqualFile(string dir, LmBlockStack stack)
    {
        using var scope = torch.NewDisposeScope();
        using var file = SafetensorsFile.Open(Path.Combine(dir, "model.safetensors"));
        foreach (var block in stack.Blocks)
        {
            var prefix = LmKeyMap.FindLayerPrefix(file, block.Config.Family, block.LayerIndex)!;
            foreach (var (name, parameter) in block.named_parameters())
            {
                var expected = file.Read(prefix + name).to(parameter.dtype);
                Assert.True(expected.bytes.SequenceEqual(parameter.bytes), $"{prefix}{name} differs from the file converted by torch");
            }
        }
    }

    [Theory]
    [InlineData(torch.ScalarType.BFloat16, "F32")]
    [InlineData(torch.ScalarType.BFloat16, "BF16")]
    [InlineData(torch.ScalarType.Float16, "F32")]
    [InlineData(torch.ScalarType.Float32, "F32")]
    [InlineData(torch.ScalarType.Float32, "BF16")]
    public void Given_a_checkpoint_stored_in_a_dtype_When_loaded_into_a_storage_dtype_Then_each_parameter_is_bit_identical_to_torch_conversion(
        torch.ScalarType stored, string storage)
    {
        var dir = StoredAs(stored);
        using var stack = LmBlockStack.Load(dir, [0, 1], new LmLoadOptions { StorageDType = storage });
        AssertParametersEqualFile(dir, stack);
    }

    [Fact]
    public void Given_a_bf16_layer_with_multi_megabyte_tensors_When_loaded_Then_the_huge_page_and_populate_path_gives_torch_values()
    {
        var config = new LmConfig
        {
            Family = FrozenLm.LanguageModels.Families.LlamaFamily.Instance, ModelType = "llama", NumLayers = 1, HiddenSize = 512, NumHeads = 8,
            NumKvHeads = 8, FfnSize = 2816, NormEps = 1e-6, Activation = "silu", HeadDim = 64,
        };
        var dir = TestPaths.NewTempDir("lm-big");
        File.WriteAllText(Path.Combine(dir, "config.json"), HuggingFaceConfig.ToJson(config));
        using (var scope = torch.NewDisposeScope())
        using (var random = LmBlockStack.CreateRandom(config, [0], new LmLoadOptions(), 3))
        {
            SafetensorsWriter.Write(Path.Combine(dir, "model.safetensors"), random.Blocks[0].named_parameters()
                .Select(p => new KeyValuePair<string, torch.Tensor>("model.layers.0." + p.name, p.parameter.detach().to(torch.ScalarType.BFloat16)))
                .ToList());
        }
        using var stack = LmBlockStack.Load(dir, [0], new LmLoadOptions());
        Assert.True(stack.Blocks[0].named_parameters().Max(p => p.parameter.numel() * 4) > 4 << 20);
        AssertParametersEqualFile(dir, stack);
    }

    [Fact]
    public void Given_one_checkpoint_When_loaded_into_different_storage_dtypes_Then_the_checksum_covers_the_stored_bytes_only()
    {
        var dir = StoredAs(torch.ScalarType.BFloat16);
        using var f32 = LmBlockStack.Load(dir, [1], new LmLoadOptions { StorageDType = "F32" });
        using var bf16 = LmBlockStack.Load(dir, [1], new LmLoadOptions { StorageDType = "BF16" });
        Assert.Equal(f32.Checksum, bf16.Checksum);
        using var other = LmBlockStack.Load(dir, [0], new LmLoadOptions());
        Assert.NotEqual(f32.Checksum, other.Checksum);
    }

    [Fact]
    public void Given_one_value_changed_in_the_file_When_loaded_Then_the_checksum_changes()
    {
        var dir = StoredAs(torch.ScalarType.Float32);
        using (var before = LmBlockStack.Load(dir, [0], new LmLoadOptions()))
        {
            var checksum = before.Checksum;
            var path = Path.Combine(dir, "model.safetensors");
            using var scope = torch.NewDisposeScope();
            List<KeyValuePair<string, torch.Tensor>> tensors;
            using (var file = SafetensorsFile.Open(path))
                tensors = file.Names.Select(n => new KeyValuePair<string, torch.Tensor>(n, file.Read(n))).ToList();
            var target = tensors.Single(t => t.Key == "h.0.mlp.c_fc.weight").Value;
            target[3, 5] = target[3, 5] + 1f;
            SafetensorsWriter.Write(path, tensors);
            using var after = LmBlockStack.Load(dir, [0], new LmLoadOptions());
            Assert.NotEqual(checksum, after.Checksum);
        }
    }

    [Fact]
    public void Given_a_destination_of_the_wrong_size_When_reading_raw_Then_it_is_refused()
    {
        using var file = SafetensorsFile.Open(Path.Combine(LmFixtures.Dir("gpt2"), "model.safetensors"));
        var name = file.Names.First(n => file.Info(n).Shape.Length == 2);
        Assert.Throws<ArgumentException>(() => file.ReadRaw(name, new byte[3]));
    }
}

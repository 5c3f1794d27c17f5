using Xunit.Abstractions;
using FrozenLm.LanguageModels.Checkpoints;
using FrozenLm.LanguageModels.Checkpoints.Onnx;
using FrozenLm.LanguageModels.Checkpoints.Pickle;

namespace FrozenLm.Tests.LanguageModels.Formats;

/// <summary>Seeded random corruptions of valid files: every outcome is success or a <see cref="UserInputException"/>.</summary>
public sealed class CorruptionPropertyTests(ITestOutputHelper output)
{
    private static byte[] Corrupt(byte[] valid, Random random)
    {
        var bytes = (byte[])valid.Clone();
        switch (random.Next(4))
        {
            case 0:
                return bytes[..random.Next(bytes.Length)];
            case 1:
                for (var i = random.Next(1, 4); i > 0; i--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
                }

                return bytes;
            case 2:
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                return bytes;
            default:
                var at = random.Next(bytes.Length - 4);
                BitConverter.TryWriteBytes(bytes.AsSpan(at), random.Next(2) == 0 ? int.MaxValue : random.Next());
                return bytes;
        }
    }

    private (int Ok, int Rejected) Run(byte[] valid, int seed, int count, Action<byte[]> openAndReadAll)
    {
        var random = new Random(seed);
        var (ok, rejected) = (0, 0);
        for (var n = 0; n < count; n++)
        {
            var bytes = Corrupt(valid, random);
            try
            {
                openAndReadAll(bytes);
                ok++;
            }
            catch (UserInputException)
            {
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"case {n} (seed {seed}): {e.GetType().Name}: {e.Message}");
            }
        }

        output.WriteLine($"{count} corruptions (seed {seed}): {ok} opened and read, {rejected} rejected");
        return (ok, rejected);
    }

    [Fact]
    public void Given_3000_corruptions_of_a_torch_zip_When_opened_and_read_Then_only_user_input_errors_occur()
    {
        var valid = File.ReadAllBytes(TestPaths.Fixture("lm-formats", "strided.pth"));
        var (ok, rejected) = Run(valid, seed: 11, count: 3000, bytes =>
        {
            using var file = TorchPthFile.Open(new MemoryStream(bytes), "fuzz.pth");
            foreach (var tensor in file.Tensors.Values)
            {
                using var t = file.Read(tensor);
            }
        });
        Assert.True(rejected > 100 && ok > 10, $"ok {ok}, rejected {rejected}");
    }

    [Fact]
    public void Given_3000_corruptions_of_a_pickle_When_unpickled_Then_only_user_input_errors_occur()
    {
        using var zip = new System.IO.Compression.ZipArchive(File.OpenRead(TestPaths.Fixture("lm-formats", "strided.pth")));
        using var stream = new MemoryStream();
        using (var entry = zip.GetEntry("strided/data.pkl")!.Open())
        {
            entry.CopyTo(stream);
        }

        var (ok, rejected) = Run(stream.ToArray(), seed: 12, count: 3000, bytes => RestrictedUnpickler.Load(bytes, "fuzz.pkl"));
        Assert.True(rejected > 1000, $"ok {ok}, rejected {rejected}");
    }

    [Fact]
    public void Given_3000_corruptions_of_a_small_onnx_model_When_opened_and_read_Then_only_user_input_errors_occur()
    {
        var valid = TinyOnnxBert.Build(layers: 1).Bytes;
        var (ok, rejected) = Run(valid, seed: 13, count: 3000, bytes =>
        {
            using var checkpoint = OnnxCheckpointReader.Open(new ArrayByteBlock(bytes), "fuzz.onnx", "fuzz.onnx");
            foreach (var name in checkpoint.Tensors.Names)
            {
                using var t = checkpoint.Tensors.Read(name);
            }
        });
        Assert.True(rejected > 1000 && ok > 10, $"ok {ok}, rejected {rejected}");
    }
}

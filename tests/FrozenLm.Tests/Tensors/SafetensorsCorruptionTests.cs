using System.Diagnostics;
using System.Text;
using FrozenLm.Tensors;
using TorchSharp;

namespace FrozenLm.Tests.Tensors;

public sealed class SafetensorsCorruptionTests
{
    [Fact]
    public void Given_2000_seeded_random_corruptions_When_opened_and_read_Then_only_user_errors_and_no_hang()
    {
        var valid = SafetensorsFileTests.Build(
            """{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},"b":{"dtype":"BF16","shape":[4],"data_offsets":[24,32]}}""", 32);
        var dir = TestPaths.NewTempDir("fuzz");
        var rng = new Random(12345);
        using (torch.zeros(1)) { }
        var sw = Stopwatch.StartNew();
        int opened = 0, rejected = 0;
        for (var i = 0; i < 2000; i++)
        {
            var bytes = Corrupt(valid, rng);
            var path = Path.Combine(dir, $"c{i % 8}.safetensors");
            File.WriteAllBytes(path, bytes);
            try
            {
                using var file = SafetensorsFile.Open(path);
                foreach (var name in file.Names)
                {
                    using var t = file.Read(name);
                }
                opened++;
            }
            catch (UserInputException)
            {
                rejected++;
            }
        }
        // About 0.7 s on an idle 2-core machine; the bound only catches hangs when the machine is shared.
        Assert.True(sw.Elapsed.TotalSeconds < 30, $"took {sw.Elapsed.TotalSeconds:F1} s");
        Assert.True(rejected > 500, $"only {rejected} of 2000 corruptions were rejected");
        Assert.True(opened > 50, $"only {opened} corruptions left a valid file (byte flips in data should)");
    }

    private static byte[] Corrupt(byte[] valid, Random rng)
    {
        var bytes = (byte[])valid.Clone();
        switch (rng.Next(4))
        {
            case 0:
                for (var k = rng.Next(1, 4); k > 0; k--)
                    bytes[rng.Next(bytes.Length)] ^= (byte)(1 << rng.Next(8));
                return bytes;
            case 1:
                return bytes[..rng.Next(bytes.Length)];
            case 2:
                bytes[rng.Next(8)] = (byte)rng.Next(256);
                return bytes;
            default:
                var header = Encoding.UTF8.GetString(bytes, 8, bytes.Length - 8 - 32);
                var pos = rng.Next(header.Length);
                var edited = header[..pos] + "0123456789-\"{}[],:eE."[rng.Next(21)] + header[(pos + 1)..];
                var text = Encoding.UTF8.GetBytes(edited);
                return [.. bytes[..8], .. text, .. bytes[^32..]];
        }
    }
}

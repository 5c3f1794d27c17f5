using System.Text.Json;
using FrozenLm.Tests.Cli;
using FrozenLm.Tests.Training;

namespace FrozenLm.Tests.Comparison.ScaleOut;

/// <summary>
/// A tiny comparison grid (none and a frozen MiniLM layer, 2 seeds, 2 epochs, 48 training images) trained once
/// in-process with one thread: the reference that parallel and Slurm runs of the same grid must reproduce bit for bit.
/// </summary>
public sealed class TinyGrid
{
    public const int Runs = 4;

    public TinyGrid()
    {
        Data = TinyImageData.WriteIdx(TestPaths.NewTempDir("scaleout-data"), train: 48, test: 16);
        ReferenceDir = TestPaths.NewTempDir("scaleout-reference");
        var (code, _, err) = CliRunner.Run([.. Args(ReferenceDir), "--threads", "1"]);
        Runtime.TorchRuntimeReset.AllCores();
        Assert.True(code == 0, err);
    }

    public string Data { get; }
    public string ReferenceDir { get; }

    /// <summary>The compare arguments of the grid into <paramref name="outDir"/> (no thread or mode flags).</summary>
    public string[] Args(string outDir) =>
        ["compare", "--data", Data, "--variants", "none,frozen:layers=3", "--seeds", "2", "--epochs", "2", "--batch-size", "16", "--out", outDir];

    /// <summary>The run directories of the grid, relative to the comparison directory.</summary>
    public static IReadOnlyList<string> RunDirs { get; } =
        ["none/seed-0", "frozen_layers-3/seed-0", "none/seed-1", "frozen_layers-3/seed-1"];

    /// <summary>Per variant, the per-seed values in results.json.</summary>
    public static IReadOnlyList<(string Name, double[] Values)> Values(string outDir)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(outDir, "results.json")));
        return doc.RootElement.GetProperty("variants").EnumerateArray()
            .Select(v => (v.GetProperty("name").GetString()!, v.GetProperty("values").EnumerateArray().Select(x => x.GetDouble()).ToArray()))
            .ToList();
    }

    /// <summary>Asserts that <paramref name="outDir"/> holds the reference's per-seed values and the same trained weights, byte for byte.</summary>
    public void AssertIdenticalToReference(string outDir)
    {
        var expected = Values(ReferenceDir);
        var actual = Values(outDir);
        Assert.Equal(expected.Select(v => v.Name), actual.Select(v => v.Name));
        for (var i = 0; i < expected.Count; i++)
            Assert.Equal(expected[i].Values, actual[i].Values);
        foreach (var run in RunDirs)
            Assert.True(
                File.ReadAllBytes(Path.Combine(ReferenceDir, run, "last.safetensors")).AsSpan()
                    .SequenceEqual(File.ReadAllBytes(Path.Combine(outDir, run, "last.safetensors"))),
                $"{run}/last.safetensors differs from the in-process run");
    }
}

using FrozenLm.LanguageModels.Checkpoints.Gguf;

namespace FrozenLm.Tests.LanguageModels.Gguf;

/// <summary>The files made by tests/fixtures/gguf/make_gguf_fixtures.py.</summary>
internal static class GgufFixtures
{
    public static readonly string[] Types = ["F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K"];

    public static string Path(params string[] parts) => TestPaths.Fixture(["gguf", .. parts]);

    /// <summary>Writes <paramref name="bytes"/> to a fresh temporary .gguf file.</summary>
    public static string Write(byte[] bytes, string name = "t.gguf")
    {
        var path = System.IO.Path.Combine(TestPaths.NewTempDir("gguf"), name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Dequantises one tensor of an opened file.</summary>
    public static float[] Values(GgufFile file, string name)
    {
        var tensor = file.Tensor(name);
        var values = new float[tensor.ElementCount];
        GgufDequantizer.Dequantize(tensor.Type, file.Bytes(tensor), values);
        return values;
    }
}

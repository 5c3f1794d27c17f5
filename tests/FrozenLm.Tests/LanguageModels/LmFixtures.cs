using FrozenLm.Tensors;
using TorchSharp;

namespace FrozenLm.Tests.LanguageModels;

/// <summary>The tiny model directories made by tests/fixtures/lm/make_lm_fixtures.py and their reference outputs.</summary>
internal static class LmFixtures
{
    public static readonly string[] Families = ["llama", "mistral", "qwen2", "opt_pre", "opt_post", "gpt2", "bert"];

    public static string Dir(string family) => TestPaths.Fixture("lm", family);

    public static torch.Tensor Io(string family, string name)
    {
        using var io = SafetensorsFile.Open(Path.Combine(Dir(family), "io.safetensors"));
        return io.Read(name);
    }

    public static double MaxAbs(torch.Tensor a, torch.Tensor b)
    {
        using var d = (a.to(torch.ScalarType.Float64) - b.to(torch.ScalarType.Float64)).abs().max();
        return d.item<double>();
    }
}

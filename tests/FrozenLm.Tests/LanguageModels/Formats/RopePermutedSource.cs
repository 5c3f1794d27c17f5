using FrozenLm.LanguageModels;
using FrozenLm.Tensors;
using TorchSharp;

namespace FrozenLm.Tests.LanguageModels.Formats;

/// <summary>
/// Wraps a llama tensor source and applies Hugging Face's convert_llama_weights_to_hf q/k row permutation
/// (<c>w.view(heads, rows/heads/2, 2, dim).transpose(1, 2).reshape(rows, dim)</c>).
/// </summary>
internal sealed class RopePermutedSource(ITensorSource inner, LmConfig config) : ITensorSource
{
    public string Location => inner.Location;

    public IReadOnlyCollection<string> Names => inner.Names;

    public bool Contains(string name) => inner.Contains(name);

    public TensorInfo Info(string name) => inner.Info(name);

    public torch.Tensor Read(string name)
    {
        var t = inner.Read(name);
        var heads = name.EndsWith("q_proj.weight", StringComparison.Ordinal) ? config.NumHeads
            : name.EndsWith("k_proj.weight", StringComparison.Ordinal) ? config.NumKvHeads : 0;
        if (heads == 0)
        {
            return t;
        }

        using (t)
        {
            var (rows, dim) = (t.shape[0], t.shape[1]);
            return t.view(heads, rows / heads / 2, 2, dim).transpose(1, 2).reshape(rows, dim).contiguous();
        }
    }

    public void Dispose()
    {
    }
}

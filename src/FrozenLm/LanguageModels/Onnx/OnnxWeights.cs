using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.LanguageModels.Onnx;

/// <summary>
/// A module's parameters by state-dict key, added to a graph as initializers named <c>prefix + key</c> on first use
/// (each once, in float32).
/// </summary>
public sealed class OnnxWeights
{
    private readonly OnnxGraphBuilder _graph;
    private readonly string _prefix;
    private readonly Dictionary<string, Tensor> _parameters;
    private readonly Dictionary<string, string> _added = new(StringComparer.Ordinal);

    public OnnxWeights(OnnxGraphBuilder graph, nn.Module module, string prefix)
    {
        _graph = graph;
        _prefix = prefix;
        _parameters = module.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter, StringComparer.Ordinal);
    }

    /// <summary>The prefix the module's keys get in the graph (<c>lm_stage.lm.layers.0.</c>).</summary>
    public string Prefix => _prefix;

    public bool Has(string key) => _parameters.ContainsKey(key);

    /// <summary>The initializer of <paramref name="key"/>; a missing key is a bug in the emitter or the module.</summary>
    public string this[string key]
    {
        get
        {
            if (_added.TryGetValue(key, out var name))
                return name;
            if (!_parameters.TryGetValue(key, out var tensor))
                throw new InvalidOperationException($"the module at '{_prefix}' has no parameter '{key}'");
            name = _graph.Initializer(_prefix + key, tensor);
            _added[key] = name;
            return name;
        }
    }

    /// <summary>The initializer of <paramref name="key"/> when the module has it, else null (optional biases).</summary>
    public string? Optional(string key) => Has(key) ? this[key] : null;

    /// <summary>A Linear at <paramref name="module"/> (<c>module.weight</c> [out, in], optional <c>module.bias</c>).</summary>
    public string Linear(string x, string module) =>
        _graph.Linear(x, this[module + ".weight"], Optional(module + ".bias"), _prefix + module);

    /// <summary>A LayerNorm at <paramref name="module"/> (<c>module.weight</c>, <c>module.bias</c>).</summary>
    public string LayerNorm(string x, string module, double eps) =>
        _graph.LayerNorm(x, this[module + ".weight"], this[module + ".bias"], eps, _prefix + module);
}

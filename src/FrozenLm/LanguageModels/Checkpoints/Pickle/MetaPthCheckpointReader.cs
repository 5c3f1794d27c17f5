using System.Text.RegularExpressions;

namespace FrozenLm.LanguageModels.Checkpoints.Pickle;

/// <summary>
/// Opens Meta's original LLaMA layout: a directory with <c>params.json</c> and <c>consolidated.NN.pth</c> (one per
/// model-parallel shard), read with a restricted unpickler that never executes pickled code. Format "meta-pth".
/// </summary>
public static partial class MetaPthCheckpointReader
{
    /// <summary>True for a directory holding params.json and consolidated.00.pth, or a consolidated.NN.pth file beside params.json.</summary>
    public static bool CanOpen(string source)
    {
        var dir = Directory.Exists(source) ? source : ShardName().IsMatch(Path.GetFileName(source)) ? Path.GetDirectoryName(Path.GetFullPath(source)) : null;
        return dir is not null && File.Exists(Path.Combine(dir, "params.json")) && File.Exists(Path.Combine(dir, "consolidated.00.pth"));
    }

    public static LmCheckpoint Open(string source)
    {
        var dir = Directory.Exists(source) ? source : Path.GetDirectoryName(Path.GetFullPath(source)) ?? source;
        var paramsPath = Path.Combine(dir, "params.json");
        if (!File.Exists(paramsPath))
        {
            throw new UserInputException(source, "no params.json (Meta LLaMA layout: params.json + consolidated.NN.pth)");
        }

        var parameters = MetaLlamaParams.Load(paramsPath);
        var shardPaths = Directory.GetFiles(dir, "consolidated.*.pth").Where(p => ShardName().IsMatch(Path.GetFileName(p)))
            .Order(StringComparer.Ordinal).ToList();
        for (var i = 0; i < shardPaths.Count; i++)
        {
            if (Path.GetFileName(shardPaths[i]) != $"consolidated.{i:00}.pth")
            {
                throw new UserInputException(source, $"model-parallel shards must be consolidated.00.pth .. consolidated.{shardPaths.Count - 1:00}.pth without gaps");
            }
        }

        if (shardPaths.Count == 0)
        {
            throw new UserInputException(source, "no consolidated.00.pth");
        }

        var shards = new List<TorchPthFile>();
        try
        {
            foreach (var path in shardPaths)
            {
                shards.Add(TorchPthFile.Open(path));
            }

            var tensors = new MetaPthTensorSource(shards, source);
            try
            {
                var config = parameters.ToConfig(Validate(tensors, parameters, source));
                return new LmCheckpoint { Config = config, Tensors = tensors, Format = "meta-pth", Source = source };
            }
            catch
            {
                tensors.Dispose();
                throw;
            }
        }
        catch
        {
            foreach (var shard in shards)
            {
                shard.Dispose();
            }

            throw;
        }
    }

    /// <summary>Checks every block tensor's shape against params.json; returns the stored dtype.</summary>
    private static string Validate(MetaPthTensorSource tensors, MetaLlamaParams p, string source)
    {
        var headDim = p.Dim / p.NumHeads;
        for (var i = 0; i < p.NumLayers; i++)
        {
            var expected = new Dictionary<string, long[]>
            {
                ["self_attn.q_proj.weight"] = [p.NumHeads * headDim, p.Dim],
                ["self_attn.k_proj.weight"] = [p.NumKvHeads * headDim, p.Dim],
                ["self_attn.v_proj.weight"] = [p.NumKvHeads * headDim, p.Dim],
                ["self_attn.o_proj.weight"] = [p.Dim, p.NumHeads * headDim],
                ["mlp.gate_proj.weight"] = [p.FfnSize, p.Dim],
                ["mlp.up_proj.weight"] = [p.FfnSize, p.Dim],
                ["mlp.down_proj.weight"] = [p.Dim, p.FfnSize],
                ["input_layernorm.weight"] = [p.Dim],
                ["post_attention_layernorm.weight"] = [p.Dim],
            };
            foreach (var (part, shape) in expected)
            {
                var name = $"model.layers.{i}.{part}";
                if (!tensors.Contains(name))
                {
                    throw new UserInputException(source, $"missing '{name}' (params.json says {p.NumLayers} layers)");
                }

                var actual = tensors.Info(name).Shape;
                if (!actual.SequenceEqual(shape))
                {
                    throw new UserInputException(source, $"'{name}' is [{string.Join(",", actual)}], params.json implies [{string.Join(",", shape)}]");
                }
            }
        }

        return tensors.Info("model.layers.0.self_attn.q_proj.weight").DType;
    }

    [GeneratedRegex(@"^consolidated\.\d{2,}\.pth$")]
    private static partial Regex ShardName();
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FrozenLm.LanguageModels;

namespace FrozenLm.Cli.Commands;

/// <summary><c>frozenlm lm inspect --model PATH [--json]</c>: the block shape and storage of a checkpoint.</summary>
public sealed class LmInspectCommand : ICliCommand
{
    private readonly Option<string> _model = LmOptions.Model();
    private readonly Option<bool> _json = new("--json") { Description = "Print one JSON object" };

    public Command Build() => new("inspect", "Show a checkpoint's architecture, sizes, dtype and format") { _model, _json };

    public int Execute(CliContext context)
    {
        var info = LmInspection.Of(context.Get(_model));
        if (context.Get(_json))
        {
            var json = new Dictionary<string, object>
            {
                ["architecture"] = info.Architecture,
                ["model_type"] = info.ModelType,
                ["num_layers"] = info.NumLayers,
                ["hidden_size"] = info.HiddenSize,
                ["num_heads"] = info.NumHeads,
                ["num_kv_heads"] = info.NumKvHeads,
                ["head_dim"] = info.HeadDim,
                ["ffn_size"] = info.FfnSize,
                ["norm_eps"] = info.NormEps,
                ["activation"] = info.Activation,
                ["pre_norm"] = info.PreNorm,
                ["dtype"] = info.DType,
                ["format"] = info.Format,
                ["params_per_layer"] = info.ParamsPerLayer,
            };
            if (info.StoredTypes.Count > 0)
                json["quant_types"] = info.StoredTypes;
            context.Out.WriteLine(JsonSerializer.Serialize(json));
            return CliApp.ExitOk;
        }
        var c = CultureInfo.InvariantCulture;
        context.Out.WriteLine($"source           {info.Source}");
        context.Out.WriteLine($"architecture     {info.Architecture} (model_type {info.ModelType})");
        context.Out.WriteLine($"format           {info.Format}");
        context.Out.WriteLine($"dtype            {info.DType}");
        if (info.StoredTypes.Count > 0)
            context.Out.WriteLine($"stored types     {string.Join(", ", info.StoredTypes)} (read as F32)");
        context.Out.WriteLine($"num_layers       {info.NumLayers}");
        context.Out.WriteLine($"hidden_size      {info.HiddenSize}");
        context.Out.WriteLine($"num_heads        {info.NumHeads} (kv heads {info.NumKvHeads}, head dim {info.HeadDim})");
        context.Out.WriteLine($"ffn_size         {info.FfnSize} ({info.Activation})");
        context.Out.WriteLine($"norm             {(info.PreNorm ? "pre" : "post")}-norm, eps {info.NormEps.ToString("G", c)}");
        context.Out.WriteLine($"params/layer     {info.ParamsPerLayer.ToString("N0", c)} ({(info.Float32BytesPerLayer / 1048576.0).ToString("F1", c)} MiB in fp32)");
        return CliApp.ExitOk;
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using FrozenLm.Tensors;
using FrozenLm.Text;
using TorchSharp;

namespace FrozenLm.Cli.Commands;

/// <summary>
/// <c>frozenlm lm encode-text --model minilm [--json] [--out F.safetensors] TEXT...</c>: sentence embeddings of a
/// packaged text encoder, pooled and L2-normalised as its package defines them.
/// </summary>
public sealed class LmEncodeTextCommand : ICliCommand
{
    private readonly Option<string> _model = new("--model")
    {
        Description = "Packaged text encoder: " + string.Join(", ", TextModels.Names),
        DefaultValueFactory = _ => "minilm",
    };

    private readonly Option<bool> _json = new("--json") { Description = "Print one JSON object" };
    private readonly Option<string?> _out = new("--out") { Description = "Write tensor 'embeddings' F32 [n, hidden] to this safetensors file" };
    private readonly Option<int?> _maxLength = new("--max-text-length") { Description = "Cut each text to this many tokens, [CLS] and [SEP] included (default: the package's 512)" };
    private readonly Argument<string[]> _texts = new("TEXT") { Description = "Texts to embed", Arity = ArgumentArity.OneOrMore };

    public Command Build() =>
        new("encode-text", "Sentence embeddings of the packaged MiniLM / Arctic-xs text encoders (as their packages compute them)")
        {
            _model, _json, _out, _maxLength, _texts,
        };

    public int Execute(CliContext context)
    {
        var device = context.InitTorch();
        var texts = context.Parse.GetValue(_texts) ?? [];
        var tokenizer = TextTokenizer.ForModel(TextModels.Get(context.Get(_model), "--model").Name);
        var maxLength = context.Parse.GetValue(_maxLength);
        var batch = tokenizer.Encode(texts, maxLength);
        using var encoder = TextEncoder.Load(tokenizer.Model.Name, device);
        using var embeddings = SentenceEmbedding.Encode(encoder, tokenizer, texts, maxLength);
        var model = tokenizer.Model;
        var pooling = model.Pooling.ToString().ToLowerInvariant();
        var cut = maxLength ?? tokenizer.MaxLength;
        if (context.Parse.GetValue(_out) is { } path)
        {
            var metadata = new Dictionary<string, string>
            {
                ["model"] = model.Name, ["pooling"] = pooling, ["max_length"] = cut.ToString(CultureInfo.InvariantCulture),
                ["texts"] = JsonSerializer.Serialize(texts),
            };
            SafetensorsWriter.Write(path, [new KeyValuePair<string, torch.Tensor>("embeddings", embeddings)], metadata);
            context.Out.WriteLine($"wrote {path}: embeddings [{string.Join(", ", embeddings.shape)}] ({model.Name}, {pooling} pooling, L2-normalised, cut at {cut} tokens)");
            return CliApp.ExitOk;
        }

        var values = embeddings.data<float>().ToArray();
        var hidden = (int)embeddings.shape[1];
        if (context.Get(_json))
        {
            var json = new Dictionary<string, object>
            {
                ["model"] = model.Name,
                ["pooling"] = pooling,
                ["max_length"] = cut,
                ["dim"] = hidden,
                ["embeddings"] = texts.Select((t, i) => new Dictionary<string, object>
                {
                    ["text"] = t, ["tokens"] = batch.TokenCount(i), ["embedding"] = values.Skip(i * hidden).Take(hidden).ToArray(),
                }).ToList(),
            };
            context.Out.WriteLine(JsonSerializer.Serialize(json));
            return CliApp.ExitOk;
        }

        context.Out.WriteLine($"{model.Name}: {texts.Length} text(s), {hidden} dims, {pooling} pooling, L2-normalised, cut at {cut} tokens");
        for (var i = 0; i < texts.Length; i++)
        {
            context.Out.WriteLine($"[{i}] {batch.TokenCount(i)} tokens: {texts[i]}");
            context.Out.WriteLine(string.Join(" ", values.Skip(i * hidden).Take(hidden).Select(v => v.ToString("G9", CultureInfo.InvariantCulture))));
        }
        return CliApp.ExitOk;
    }
}

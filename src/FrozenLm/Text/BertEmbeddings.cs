using FrozenLm.Tensors;
using FrozenLm.LanguageModels;
using TorchSharp;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace FrozenLm.Text;

/// <summary>
/// BERT's input embeddings: LayerNorm(word + position + token-type embedding), Hugging Face keys
/// <c>word_embeddings.weight</c>, <c>position_embeddings.weight</c>, <c>token_type_embeddings.weight</c>,
/// <c>LayerNorm.weight</c> / <c>.bias</c>. Positions count from 0; every token has type 0 (single-segment text).
/// </summary>
public sealed class BertEmbeddings : nn.Module<Tensor, Tensor>
{
    [ComponentName(Name = "word_embeddings")]
    private readonly Embedding _word;

    [ComponentName(Name = "position_embeddings")]
    private readonly Embedding _position;

    [ComponentName(Name = "token_type_embeddings")]
    private readonly Embedding _tokenType;

    [ComponentName(Name = "LayerNorm")]
    private readonly LmLayerNorm _layerNorm;

    public BertEmbeddings(long vocabularySize, long maxPositions, long tokenTypes, long hidden, double eps)
        : base("embeddings")
    {
        _word = nn.Embedding(vocabularySize, hidden);
        _position = nn.Embedding(maxPositions, hidden);
        _tokenType = nn.Embedding(tokenTypes, hidden);
        _layerNorm = new LmLayerNorm("LayerNorm", hidden, eps, ScalarType.Float32);
        RegisterComponents();
    }

    public long MaxPositions => _position.weight!.shape[0];

    /// <summary>input_ids [B, L] int64 -> [B, L, H].</summary>
    public override Tensor forward(Tensor inputIds)
    {
        var length = inputIds.shape[1];
        if (length > MaxPositions)
            throw new ArgumentException($"{length} tokens exceed the {MaxPositions} positions of the embedding table", nameof(inputIds));
        using var scope = torch.NewDisposeScope();
        using var end = length.ToScalar();
        var positions = torch.arange(Scalars.Zero, end, Scalars.One, dtype: ScalarType.Int64, device: inputIds.device); // [L]
        var types = torch.zeros_like(inputIds); // [B, L]
        var x = _word.forward(inputIds)
            .add(_position.forward(positions).unsqueeze(0), Scalars.One)
            .add(_tokenType.forward(types), Scalars.One);                                        // [B, L, H]
        return _layerNorm.forward(x).MoveToOuterDisposeScope();
    }
}

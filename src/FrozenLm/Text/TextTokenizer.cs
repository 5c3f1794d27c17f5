using System.Collections.Concurrent;
using System.Text;
using FrozenLm.LanguageModels.Checkpoints.Builtin;
using FastBertTokenizer;

namespace FrozenLm.Text;

/// <summary>
/// WordPiece tokenisation with a packaged model's own vocabulary (its assembly's <c>*.Resources.vocab.txt</c>) by
/// FastBertTokenizer's <see cref="BertTokenizer"/>, which follows Hugging Face's uncased BertTokenizer: whitespace and
/// punctuation split (every non-alphanumeric ASCII character is punctuation), lower-casing, NFD with accents stripped, CJK
/// characters split, overlong words [UNK]. A text becomes [CLS] pieces [SEP], cut to the first
/// <c>maxLength</c> tokens as the package cuts it (a cut text keeps its [CLS] and loses its [SEP]); a batch is padded
/// with [PAD] to its longest member and masked.
/// </summary>
public sealed class TextTokenizer
{
    private static readonly ConcurrentDictionary<string, Lazy<TextTokenizer>> Cache = new(StringComparer.Ordinal);

    private readonly BertTokenizer _bert;
    private readonly Lock _gate = new();

    private TextTokenizer(TextModel model, BertTokenizer bert, IReadOnlyList<string> vocabulary)
    {
        Model = model;
        _bert = bert;
        _vocabulary = vocabulary;
        var ids = vocabulary.Select((token, id) => (token, id)).ToDictionary(p => p.token, p => p.id, StringComparer.Ordinal);
        PadId = ids["[PAD]"];
        ClsId = ids["[CLS]"];
        SepId = ids["[SEP]"];
        UnknownId = ids["[UNK]"];
    }

    private readonly IReadOnlyList<string> _vocabulary;

    public TextModel Model { get; }

    /// <summary>The package's truncation length in tokens, [CLS] and [SEP] included.</summary>
    public int MaxLength => Model.MaxLength;

    public int VocabularySize => _vocabulary.Count;
    public int PadId { get; }
    public int ClsId { get; }
    public int SepId { get; }
    public int UnknownId { get; }

    /// <summary>The tokenizer of a packaged model (<see cref="TextModels"/>), built once per process.</summary>
    public static TextTokenizer ForModel(string model)
    {
        var resolved = TextModels.Get(model);
        return Cache.GetOrAdd(resolved.Name, _ => new Lazy<TextTokenizer>(() => Create(resolved))).Value;
    }

    /// <summary>A tokenizer over a vocabulary file's bytes (one token per line, id = line number).</summary>
    internal static TextTokenizer Create(TextModel model, byte[] vocabulary)
    {
        var text = Encoding.UTF8.GetString(vocabulary);
        var lines = text.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        if (lines.Count > 0 && lines[^1].Length == 0)
            lines.RemoveAt(lines.Count - 1);
        foreach (var special in new[] { "[PAD]", "[UNK]", "[CLS]", "[SEP]" })
        {
            if (!lines.Contains(special))
                throw new UserInputException(model.Name, $"its vocabulary has no '{special}' token");
        }
        var bert = new BertTokenizer();
        using var reader = new StringReader(text);
        bert.LoadVocabulary(reader, convertInputToLowercase: true);
        return new TextTokenizer(model, bert, lines);
    }

    private static TextTokenizer Create(TextModel model) =>
        Create(model, BuiltinLanguageModels.ReadResource(model.Name, ".Resources.vocab.txt"));

    /// <summary>
    /// The WordPiece ids of one text, without [CLS] / [SEP] and uncut. The text is lower-cased, decomposed and stripped
    /// of accents first (<see cref="UncasedNormalizer"/>): under invariant globalization FastBertTokenizer cannot
    /// decompose "café" or "RÉSUMÉ" itself and gives [UNK].
    /// </summary>
    public IReadOnlyList<int> Pieces(string text)
    {
        text = UncasedNormalizer.Normalize(text);
        var capacity = text.Length + 8;
        while (true)
        {
            var ids = new long[capacity];
            var mask = new long[capacity];
            int count;
            lock (_gate)
                count = _bert.Encode(text, ids, mask);
            if (count < capacity)
                return [.. ids.Take(count).Skip(1).SkipLast(1).Select(i => (int)i)];
            capacity *= 2;
        }
    }

    /// <summary>The vocabulary entry of an id ("[CLS]", "cat", "##s").</summary>
    public string Token(int id) => _vocabulary[id];

    /// <summary>
    /// The mean token count ([CLS] and [SEP] included, cut at <paramref name="maxLength"/>, default
    /// <see cref="MaxLength"/>) of <paramref name="texts"/>, each distinct text counted once per occurrence; 0 for none.
    /// </summary>
    public double MeanTokenCount(IEnumerable<string> texts, int? maxLength = null)
    {
        var limit = maxLength ?? MaxLength;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        long total = 0, n = 0;
        foreach (var text in texts)
        {
            if (!counts.TryGetValue(text, out var count))
                counts[text] = count = Math.Min(limit, Pieces(text).Count + 2);
            total += count;
            n++;
        }
        return n == 0 ? 0 : (double)total / n;
    }

    /// <summary>
    /// [CLS] pieces [SEP] per text, cut to the first <paramref name="maxLength"/> tokens (default <see cref="MaxLength"/>;
    /// between 2 and it), padded to the longest text of the batch.
    /// </summary>
    public TokenizedText Encode(IReadOnlyList<string> texts, int? maxLength = null)
    {
        var limit = maxLength ?? MaxLength;
        if (limit < 2 || limit > MaxLength)
            throw new UserInputException("--max-text-length", $"{limit} is not between 2 and {Model.Name}'s {MaxLength} tokens");
        if (texts.Count == 0)
            throw new ArgumentException("at least one text is required", nameof(texts));
        var rows = new int[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
        {
            var pieces = Pieces(texts[i]);
            var row = new List<int>(Math.Min(limit, pieces.Count + 2)) { ClsId };
            row.AddRange(pieces.Take(limit - 1));
            if (row.Count < limit)
                row.Add(SepId);
            rows[i] = [.. row];
        }
        var length = rows.Max(r => r.Length);
        var ids = new long[texts.Count, length];
        var mask = new long[texts.Count, length];
        for (var i = 0; i < rows.Length; i++)
        {
            for (var j = 0; j < length; j++)
            {
                ids[i, j] = j < rows[i].Length ? rows[i][j] : PadId;
                mask[i, j] = j < rows[i].Length ? 1 : 0;
            }
        }
        return new TokenizedText(ids, mask);
    }
}

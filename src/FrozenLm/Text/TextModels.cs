namespace FrozenLm.Text;

/// <summary>The packaged text encoders, by name (<c>minilm</c>, <c>arctic-xs</c>; <c>arcticxs</c> is accepted too).</summary>
public static class TextModels
{
    /// <summary>The packages' tokenizer cut (<c>TokenizerBase.Encode</c>'s MaxTokens); also both models' position-table size.</summary>
    public const int PackageMaxLength = 512;

    private static readonly TextModel[] All =
    [
        new("minilm", SentencePooling.Mean, PackageMaxLength),
        new("arctic-xs", SentencePooling.Cls, PackageMaxLength),
    ];

    /// <summary>The canonical names, in a stable order.</summary>
    public static IReadOnlyList<string> Names { get; } = [.. All.Select(m => m.Name)];

    /// <summary>The model called <paramref name="name"/> (case and a missing '-' ignored); a user error names it otherwise.</summary>
    public static TextModel Get(string name, string subject = "--text-model") =>
        All.FirstOrDefault(m => Canonical(m.Name) == Canonical(name))
        ?? throw new UserInputException(subject, $"'{name}' is not a packaged text encoder (known: {string.Join(", ", Names)})");

    private static string Canonical(string name) => name.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant();
}

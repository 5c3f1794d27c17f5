namespace FrozenLm.Tests.Text;

/// <summary>Sentences on which the packages' tokenizer and Hugging Face's uncased BertTokenizer agree token for token.</summary>
internal static class PackageSentences
{
    public static readonly string[] Short =
    [
        "Cat",
        "A red CIRCLE is left of the blue square.",
        "How many objects? 3, maybe 4.5 -- or 1,000,000!",
        "e-mail me at someone@example.com (before 10:30 pm); thanks :)",
        "The Quick Brown Fox's \"jumping\" [test] {braces} <tags> #hash $5 100% a+b=c x*y ~tilde ^caret |pipe `tick`",
        "unbelievably antidisestablishmentarianism, hyperparameterization and xylophonists",
    ];

    /// <summary>About 700 word pieces: past the packages' 512-token cut.</summary>
    public static string Long => string.Join(" ", Enumerable.Range(0, 90).Select(i =>
        $"Sentence {i} says: the {(i % 2 == 0 ? "Green" : "yellow")} triangle #{i * 7} is NOT above it."));
}

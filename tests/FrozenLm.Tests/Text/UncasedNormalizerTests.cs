using FrozenLm.Text;

namespace FrozenLm.Tests.Text;

public sealed class UncasedNormalizerTests
{
    [Theory]
    [InlineData("Café", "cafe")]
    [InlineData("RE\u0301SUME\u0301", "resume")]
    [InlineData("Ångström ÇA", "angstrom ca")]
    [InlineData("\uD55C", "\u1112\u1161\u11AB")] // 한 = U+D55C: lead 18, vowel 0, trail 4 (hand-computed)
    [InlineData("北京 x<y", "北京 x<y")]
    public void Given_text_When_normalised_Then_it_is_lower_cased_decomposed_and_without_accents(string text, string expected) =>
        Assert.Equal(expected, UncasedNormalizer.Normalize(text));
}

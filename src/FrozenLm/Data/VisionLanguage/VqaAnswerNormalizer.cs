using System.Text;

namespace FrozenLm.Data.VisionLanguage;

/// <summary>
/// The official VQA evaluation's answer processing, in short: lower case, punctuation removed (a period only when it is
/// not a decimal point), number words zero-ten as digits, articles (a, an, the) dropped, common contractions restored
/// to their apostrophe form, whitespace collapsed.
/// </summary>
public static class VqaAnswerNormalizer
{
    private static readonly Dictionary<string, string> NumberWords = new()
    {
        ["none"] = "0", ["zero"] = "0", ["one"] = "1", ["two"] = "2", ["three"] = "3", ["four"] = "4", ["five"] = "5",
        ["six"] = "6", ["seven"] = "7", ["eight"] = "8", ["nine"] = "9", ["ten"] = "10",
    };

    private static readonly HashSet<string> Articles = ["a", "an", "the"];

    private static readonly Dictionary<string, string> Contractions = new()
    {
        ["dont"] = "don't", ["doesnt"] = "doesn't", ["isnt"] = "isn't", ["arent"] = "aren't", ["cant"] = "can't",
        ["wont"] = "won't", ["didnt"] = "didn't", ["wasnt"] = "wasn't", ["werent"] = "weren't", ["im"] = "i'm",
        ["ive"] = "i've", ["youre"] = "you're", ["thats"] = "that's", ["whats"] = "what's", ["hes"] = "he's", ["shes"] = "she's",
    };

    public static string Normalize(string answer)
    {
        var text = new StringBuilder();
        var s = answer.Trim().ToLowerInvariant().Replace('\n', ' ').Replace('\t', ' ');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            var decimalPoint = c == '.' && i > 0 && i + 1 < s.Length && char.IsDigit(s[i - 1]) && char.IsDigit(s[i + 1]);
            if (char.IsPunctuation(c) && c != '\'' && !decimalPoint)
            {
                // A comma between digits (1,000) is dropped; other punctuation separates words.
                var between = c == ',' && i > 0 && i + 1 < s.Length && char.IsDigit(s[i - 1]) && char.IsDigit(s[i + 1]);
                if (!between && c != '.')
                    text.Append(' ');
                continue;
            }
            text.Append(c);
        }
        var words = text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(w => NumberWords.GetValueOrDefault(w, w))
            .Where(w => !Articles.Contains(w))
            .Select(w => Contractions.GetValueOrDefault(w, w));
        return string.Join(' ', words);
    }
}

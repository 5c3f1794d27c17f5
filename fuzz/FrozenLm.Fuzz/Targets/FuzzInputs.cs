namespace FrozenLm.Fuzz.Targets;

/// <summary>Helpers that turn one fuzz input into the several files some readers need.</summary>
public static class FuzzInputs
{
    /// <summary>
    /// Splits <paramref name="input"/> at its first <paramref name="parts"/> - 1 NUL bytes (text formats never hold
    /// one); missing parts are empty.
    /// </summary>
    public static byte[][] SplitAtNul(byte[] input, int parts)
    {
        var result = new byte[parts][];
        var start = 0;
        for (var p = 0; p < parts; p++)
        {
            if (start > input.Length)
            {
                result[p] = [];
                continue;
            }
            var end = p == parts - 1 ? input.Length : Array.IndexOf(input, (byte)0, start);
            if (end < 0)
                end = input.Length;
            result[p] = input[start..end];
            start = end + 1;
        }
        return result;
    }

    /// <summary>Joins text parts with NUL separators, the inverse of <see cref="SplitAtNul"/>.</summary>
    public static byte[] JoinWithNul(params byte[][] parts) =>
        parts.SelectMany((p, i) => i == 0 ? p : [(byte)0, .. p]).ToArray();
}

using System.Globalization;

namespace FrozenLm.LanguageModels.Checkpoints.Gguf;

/// <summary>
/// The key/value metadata of a GGUF file. Scalars are boxed CLR values (byte, sbyte, ushort, short, uint, int, float,
/// bool, string, ulong, long, double), arrays are <see cref="GgufArray"/>. The typed getters throw one-line
/// <see cref="UserInputException"/>s naming the file and key.
/// </summary>
public sealed class GgufMetadata(string location, IReadOnlyDictionary<string, object> values)
{
    public IReadOnlyDictionary<string, object> Values { get; } = values;

    public bool Contains(string key) => Values.ContainsKey(key);

    /// <summary>A string value, or null when absent.</summary>
    public string? OptionalString(string key) => Values.TryGetValue(key, out var v)
        ? v as string ?? throw Wrong(key, "a string", v)
        : null;

    public string String(string key) => OptionalString(key) ?? throw Missing(key);

    /// <summary>A non-negative integer of any integer type that fits an int, or null when absent.</summary>
    public int? OptionalInt(string key)
    {
        if (!Values.TryGetValue(key, out var v))
            return null;
        long? value = v switch
        {
            byte b => b, sbyte b => b, ushort s => s, short s => s, uint u => u, int i => i, long l => l,
            ulong u => u <= long.MaxValue ? (long)u : -1,
            _ => null,
        };
        if (value is not { } n || n < 0 || n > int.MaxValue)
            throw Wrong(key, "a non-negative integer", v);
        return (int)n;
    }

    public int Int(string key) => OptionalInt(key) ?? throw Missing(key);

    /// <summary>A float value as the shortest decimal that round-trips it (so 1e-6f reads as 1e-6), or null when absent.</summary>
    public double? OptionalDouble(string key)
    {
        if (!Values.TryGetValue(key, out var v))
            return null;
        return v switch
        {
            float f when float.IsFinite(f) => double.Parse(f.ToString("R", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture),
            double d when double.IsFinite(d) => d,
            _ => throw Wrong(key, "a finite float", v),
        };
    }

    private UserInputException Missing(string key) => new(location, $"GGUF metadata has no '{key}'");

    private UserInputException Wrong(string key, string expected, object value) =>
        new(location, $"GGUF metadata '{key}' must be {expected}, found {Describe(value)}");

    private static string Describe(object value) => value switch
    {
        GgufArray a => $"an array of {a.Count} {a.ElementType}",
        string s => $"string \"{(s.Length > 40 ? s[..40] + "..." : s)}\"",
        IFormattable f => $"{value.GetType().Name} {f.ToString(null, CultureInfo.InvariantCulture)}",
        _ => value.GetType().Name,
    };
}

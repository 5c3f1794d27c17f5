using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using FrozenLm.FrozenStage;

namespace FrozenLm.Comparison;

/// <summary>
/// One row of a comparison: a variant name (<c>frozen</c>, <c>mlp</c>, ...) plus LM-stage options after colons, e.g.
/// <c>frozen:layers=4+5:residual</c>, <c>frozen:position=middle</c>, <c>frozen:lm=arctic-xs</c>. Its
/// <see cref="Name"/> is the spec text in canonical order (layers, position, residual, lm); options left out keep the
/// comparison's values.
/// </summary>
public sealed class VariantSpec
{
    private const string LayersKey = "layers";
    private const string PositionKey = "position";
    private const string ResidualKey = "residual";
    private const string LmKey = "lm";
    private const int MaxDirectoryName = 80;

    /// <summary>What the options may be, for error messages and help.</summary>
    public const string OptionsHelp = "layers=I+J, position=tail|middle|head, residual, lm=SOURCE";

    private static readonly (string Name, LmStagePosition Value)[] Positions =
        [("tail", LmStagePosition.Tail), ("middle", LmStagePosition.Middle), ("head", LmStagePosition.Head)];

    private VariantSpec(string baseName, IReadOnlyList<int>? layers, LmStagePosition? position, bool residual, string? lm)
    {
        Base = baseName;
        Layers = layers;
        Position = position;
        Residual = residual;
        Lm = lm;
        Name = string.Join(":", Parts(includeBase: true, (key, value) => value is null ? key : $"{key}={value}"));
    }

    /// <summary>The variant the spec starts from (one of <see cref="CompareVariants.All"/>).</summary>
    public string Base { get; }

    /// <summary>LM layers of the stage, in order; null keeps the comparison's.</summary>
    public IReadOnlyList<int>? Layers { get; }

    /// <summary>Where the stage sits; null keeps the preset's.</summary>
    public LmStagePosition? Position { get; }

    /// <summary>True adds the residual connection around the stage.</summary>
    public bool Residual { get; }

    /// <summary>The LM source (built-in name or path); null keeps the comparison's <c>--lm</c>.</summary>
    public string? Lm { get; }

    /// <summary>The canonical spec text, e.g. <c>frozen:layers=4+5:residual</c>; the row's name in every report.</summary>
    public string Name { get; }

    /// <summary>True for a bare variant name without options.</summary>
    public bool IsPlain => Name == Base;

    /// <summary>
    /// A file-system-safe folder name for the spec's runs: the plain name for a bare variant (<c>none</c>), else e.g.
    /// <c>frozen_layers-4+5_residual</c>; an LM path or an over-long name gets a short hash so names never collide.
    /// </summary>
    public string DirectoryName
    {
        get
        {
            if (IsPlain)
                return Base;
            var changed = false;
            var text = string.Join("_", Parts(includeBase: true, (key, value) =>
            {
                if (value is null)
                    return key;
                var safe = Safe(value);
                changed |= safe != value;
                return $"{key}-{safe}";
            }));
            if (!changed && text.Length <= MaxDirectoryName)
                return text;
            var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Name)))[..8];
            return (text.Length > MaxDirectoryName ? text[..MaxDirectoryName] : text) + "-" + hash;
        }
    }

    /// <summary>The same options on another variant, e.g. the <c>mlp</c> control of <c>frozen:layers=3</c>.</summary>
    public VariantSpec WithBase(string baseName) => new(baseName, Layers, Position, Residual, Lm);

    /// <summary>The LM-stage options of this row: the variant's mode and every option the spec names.</summary>
    public LmStageOptions Apply(LmStageOptions lm) => lm with
    {
        Mode = LmStageMode.Parse(Base, "--variants"),
        Layers = Layers is null ? lm.Layers : [.. Layers],
        Position = Position ?? lm.Position,
        Residual = Residual || lm.Residual,
        Source = Lm ?? lm.Source,
    };

    /// <summary>A one-line description for reports: the variant's, then the options in words.</summary>
    public string Describe()
    {
        var words = Parts(includeBase: false, (key, value) => key switch
        {
            LayersKey => $"LM layer{(Layers!.Count == 1 ? "" : "s")} {value}",
            PositionKey => $"stage at the {value}",
            ResidualKey => "residual connection around the stage",
            _ => $"LM {value}",
        }).ToList();
        var text = CompareVariants.Describe(Base);
        return words.Count == 0 ? text : $"{text}; {string.Join(", ", words)}";
    }

    public override string ToString() => Name;

    /// <summary>Parses one spec; throws <see cref="UserInputException"/> (naming <paramref name="subject"/>) when it is not valid.</summary>
    public static VariantSpec Parse(string text, string subject = "--variants")
    {
        var parts = text.Split(':', StringSplitOptions.TrimEntries);
        var baseName = parts[0].ToLowerInvariant();
        if (baseName.Length == 0)
            throw new UserInputException(subject, $"'{text}' does not start with a variant name; choose from {string.Join(", ", CompareVariants.All)}");
        if (!CompareVariants.All.Contains(baseName))
            throw new UserInputException(subject, $"unknown variant '{parts[0]}'; choose from {string.Join(", ", CompareVariants.All)}");
        if (baseName == CompareVariants.None && parts.Length > 1)
            throw new UserInputException(subject, $"'{text}': the plain encoder 'none' takes no options");
        IReadOnlyList<int>? layers = null;
        LmStagePosition? position = null;
        var residual = false;
        string? lm = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in parts.Skip(1))
        {
            if (part.Length == 0)
                throw new UserInputException(subject, $"'{text}' has an empty option (two colons in a row, or one at the end)");
            var eq = part.IndexOf('=');
            var key = (eq < 0 ? part : part[..eq]).Trim().ToLowerInvariant();
            var value = eq < 0 ? null : part[(eq + 1)..].Trim();
            if (key is not (LayersKey or PositionKey or ResidualKey or LmKey))
                throw new UserInputException(subject, $"unknown option '{key}' in '{text}'; options: {OptionsHelp}");
            if (!seen.Add(key))
                throw new UserInputException(subject, $"option '{key}' is given twice in '{text}'");
            if (key == ResidualKey)
            {
                if (value is not null)
                    throw new UserInputException(subject, $"option 'residual' in '{text}' takes no value (write {baseName}:residual)");
                residual = true;
                continue;
            }
            if (string.IsNullOrEmpty(value))
                throw new UserInputException(subject, $"option '{key}' in '{text}' needs a value ({Example(key)})");
            switch (key)
            {
                case LayersKey:
                    layers = ParseLayers(value, text, subject);
                    break;
                case PositionKey:
                    position = ParsePosition(value, text, subject);
                    break;
                default:
                    lm = value;
                    break;
            }
        }
        return new VariantSpec(baseName, layers, position, residual, lm);
    }

    /// <summary>Parses a comma-separated list, rejecting repeated specs; keeps variant-table order, then the given order.</summary>
    public static IReadOnlyList<VariantSpec> ParseList(string list, string subject = "--variants")
    {
        var texts = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (texts.Length == 0)
            throw new UserInputException(subject, "names no variant; choose from " + string.Join(", ", CompareVariants.All));
        var specs = new List<VariantSpec>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            var spec = Parse(text, subject);
            if (!seen.Add(spec.Name))
                throw new UserInputException(subject, $"variant '{spec.Name}' is listed twice");
            specs.Add(spec);
        }
        return specs.OrderBy(s => IndexOf(s.Base)).ToList();
    }

    /// <summary>Parses <paramref name="text"/> when it is a valid spec; null otherwise.</summary>
    public static VariantSpec? TryParse(string text)
    {
        try
        {
            return Parse(text);
        }
        catch (UserInputException)
        {
            return null;
        }
    }

    private static int IndexOf(string baseName)
    {
        for (var i = 0; i < CompareVariants.All.Count; i++)
            if (CompareVariants.All[i] == baseName)
                return i;
        return CompareVariants.All.Count;
    }

    private IEnumerable<string> Parts(bool includeBase, Func<string, string?, string> render)
    {
        if (includeBase)
            yield return Base;
        if (Layers is not null)
            yield return render(LayersKey, string.Join("+", Layers.Select(l => l.ToString(CultureInfo.InvariantCulture))));
        if (Position is { } p)
            yield return render(PositionKey, Positions.First(x => x.Value == p).Name);
        if (Residual)
            yield return render(ResidualKey, null);
        if (Lm is not null)
            yield return render(LmKey, Lm);
    }

    private static IReadOnlyList<int> ParseLayers(string value, string text, string subject) =>
        value.Split('+', StringSplitOptions.TrimEntries).Select(p =>
            p.Length > 0 && p.All(char.IsAsciiDigit) && int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                ? i
                : throw new UserInputException(subject,
                    $"'{p}' in '{text}' is not a layer index (a non-negative integer; several are joined with '+', e.g. layers=4+5)"))
            .ToList();

    private static LmStagePosition ParsePosition(string value, string text, string subject)
    {
        foreach (var (name, position) in Positions)
            if (string.Equals(name, value, StringComparison.OrdinalIgnoreCase))
                return position;
        throw new UserInputException(subject,
            $"unknown position '{value}' in '{text}'; choose from {string.Join(", ", Positions.Select(p => p.Name))}");
    }

    private static string Example(string key) => key switch
    {
        LayersKey => "e.g. layers=4+5",
        PositionKey => "tail, middle or head",
        _ => "e.g. lm=arctic-xs",
    };

    private static string Safe(string value)
    {
        var chars = value.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '+' or '-' ? c : '-').ToArray();
        return new string(chars);
    }
}

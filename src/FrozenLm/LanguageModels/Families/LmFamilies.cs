namespace FrozenLm.LanguageModels.Families;

/// <summary>The registered language-model families, one line each; config binding and block construction go through here.</summary>
public static class LmFamilies
{
    /// <summary>Every family, in the order error messages list them.</summary>
    public static IReadOnlyList<ILmFamily> All { get; } =
    [
        LlamaFamily.Instance,
        MistralFamily.Instance,
        Qwen2Family.Instance,
        Phi3Family.Instance,
        Phi3SmallFamily.Instance,
        GemmaFamily.Instance,
        OptFamily.Instance,
        Gpt2Family.Instance,
        BertFamily.Instance,
    ];

    /// <summary>The families whose blocks export to ONNX (<see cref="ILmFamily.Onnx"/>), by name.</summary>
    public static IReadOnlyList<string> OnnxExportable => All.Where(f => f.Onnx is not null).Select(f => f.Name).ToList();

    /// <summary>Every <c>model_type</c> some family binds, in registration order.</summary>
    public static IReadOnlyList<string> ModelTypes => All.SelectMany(f => f.ModelTypes).ToList();

    /// <summary>The family that binds <paramref name="modelType"/>, or null.</summary>
    public static ILmFamily? ForModelType(string modelType) =>
        All.FirstOrDefault(f => f.ModelTypes.Contains(modelType, StringComparer.Ordinal));

    /// <summary>The family named <paramref name="name"/>; an unknown name is one line listing the registered ones.</summary>
    public static ILmFamily Get(string name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? throw new UserInputException(name, $"is not a registered LM family; registered: {string.Join(", ", All.Select(f => f.Name))}");
}

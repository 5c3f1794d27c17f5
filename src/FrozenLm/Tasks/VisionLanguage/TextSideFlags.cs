using FrozenLm.Text;

namespace FrozenLm.Tasks.VisionLanguage;

/// <summary>The flags of <see cref="TextSideOptions"/>, for any vision-language task's options record that holds one.</summary>
public static class TextSideFlags
{
    public static IReadOnlyList<OptionFlag> For<T>(Func<T, TextSideOptions> get, Func<T, TextSideOptions, T> set)
        where T : TaskOptions
    {
        var f = new TaskFlags<T>();
        return
        [
            f.Text("--text-model", $"Pretrained text encoder: {string.Join(", ", TextModels.Names)}",
                (o, v) => set(o, get(o) with { Model = v.Trim().ToLowerInvariant() })),
            OptionFlag.Text("--text-mode", "Text encoder: frozen or finetune (at 0.1x lr)",
                (o, v) => o.WithTask<T>(t => set(t, get(t) with { Mode = FlagValues.ToEnum<TextEncoderMode>(v, "--text-mode") }))),
            f.Int("--text-length", "Most tokens per text, [CLS] and [SEP] included (0 = the model's own limit)",
                (o, v) => set(o, get(o) with { MaxLength = v })),
        ];
    }
}

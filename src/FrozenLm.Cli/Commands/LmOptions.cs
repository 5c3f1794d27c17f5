using System.CommandLine;
using FrozenLm.LanguageModels.Families;

namespace FrozenLm.Cli.Commands;

/// <summary>Option definitions shared by the <c>lm</c> subcommands.</summary>
internal static class LmOptions
{
    public static Option<string> Model() => new("--model")
    {
        Description = "Checkpoint: a Hugging Face directory (config.json + safetensors; model_type " +
                      string.Join(", ", LmFamilies.ModelTypes) + ") or another supported format",
        Required = true,
    };

    public static Option<string> Layers() => new("--layers")
    {
        Description = "Layer indices in the source model, e.g. 31 or 0,2",
        Required = true,
    };
}

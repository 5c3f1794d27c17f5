using FrozenLm.Text;

namespace FrozenLm.Tasks.VisionLanguage;

/// <summary>
/// The text side of a vision-language task (<c>vqa</c>, <c>retrieval</c>): which embedded pretrained encoder
/// (<c>--text-model</c>), whether it is frozen or fine-tuned (<c>--text-mode</c>), and the token limit of a text
/// (<c>--text-length</c>; 0 = the model package's truncation length). This text encoder is not the LM stage under
/// study (<c>--lm</c>), which sits after fusion.
/// </summary>
public sealed record TextSideOptions
{
    public string Model { get; init; } = "minilm";
    public TextEncoderMode Mode { get; init; } = TextEncoderMode.Frozen;
    public int MaxLength { get; init; }

    /// <summary>Learning-rate multiplier of the text encoder when fine-tuned (METER trains its backbones at a fifth of the head's lr or less).</summary>
    public const double FinetuneLrScale = 0.1;

    public void Validate()
    {
        TextModels.Get(Model, "--text-model");
        if (MaxLength < 0)
            throw new UserInputException("--text-length", $"must be 0 (the model's own limit) or positive, got {MaxLength}");
    }
}

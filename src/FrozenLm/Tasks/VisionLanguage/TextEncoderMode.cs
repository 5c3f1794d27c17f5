namespace FrozenLm.Tasks.VisionLanguage;

/// <summary>Whether a vision-language task keeps its pretrained text encoder frozen or fine-tunes it.</summary>
public enum TextEncoderMode
{
    Frozen,
    Finetune,
}

namespace FrozenLm.FrozenStage;

/// <summary>
/// What sits between the visual blocks: the paper's frozen pretrained LM block, the same block fine-tuned, a randomly
/// initialised block of the same shape (trained), an MLP with the frozen variant's trainable parameter count, or nothing.
/// </summary>
public enum LmStageMode
{
    None,
    Frozen,
    Finetune,
    Random,
    Mlp,
}

namespace FrozenLm.FrozenStage;

/// <summary>Where the LM stage sits in the ViT: after all blocks (the paper), after the middle block, or before the first.</summary>
public enum LmStagePosition
{
    Tail,
    Middle,
    Head,
}

namespace FrozenLm.Flops;

/// <summary>A model that counts its own forward FLOPs per sample analytically, from its layers' shapes.</summary>
public interface IFlopCounted
{
    FlopCount FlopsPerSample();
}

namespace FrozenLm.Data.Video;

/// <summary>The values of <c>--frame-order</c>.</summary>
public static class FrameOrders
{
    public const string Natural = "natural";
    public const string Shuffled = "shuffled";
}

namespace FrozenLm.Data.Sqa3d;

/// <summary>
/// One object of a generated room: a shape of <see cref="RoomVocabulary.Shapes"/>, a colour of
/// <see cref="RoomVocabulary.Colours"/>, small or large, standing on the floor at (<see cref="X"/>, <see cref="Y"/>).
/// </summary>
public sealed record RoomObject(int Shape, int Colour, bool Large, double X, double Y)
{
    /// <summary>Radius of the object's footprint in the room's frame (the room spans [-1, 1] in x and y).</summary>
    public double Radius => Large ? RoomVocabulary.LargeRadius : RoomVocabulary.SmallRadius;

    public string ShapeName => RoomVocabulary.Shapes[Shape];
    public string ColourName => RoomVocabulary.Colours[Colour].Name;

    /// <summary>"red cube".</summary>
    public string Description => $"{ColourName} {ShapeName}";
}

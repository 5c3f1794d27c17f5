namespace FrozenLm.Data.Sqa3d;

/// <summary>
/// Random rooms and situations: 3 to 5 objects, each a random shape, colour and size with a description no other
/// object of the room shares, placed uniformly at least <see cref="RoomVocabulary.MinSeparation"/> apart; a situation
/// stands the agent next to one object (0.22 from its centre, in a random direction, clear of the others) facing another.
/// </summary>
public static class RoomGenerator
{
    public const int MinObjects = 3;
    public const int MaxObjects = 5;
    public const double StandOff = 0.22;

    public static Room Generate(Random rng)
    {
        while (true)
        {
            var count = rng.Next(MinObjects, MaxObjects + 1);
            var objects = new List<RoomObject>();
            for (var attempt = 0; attempt < 200 && objects.Count < count; attempt++)
            {
                var shape = rng.Next(RoomVocabulary.Shapes.Count);
                var colour = rng.Next(RoomVocabulary.Colours.Count);
                var x = U(rng, -RoomVocabulary.PlacementExtent, RoomVocabulary.PlacementExtent);
                var y = U(rng, -RoomVocabulary.PlacementExtent, RoomVocabulary.PlacementExtent);
                if (objects.Any(o => o.Shape == shape && o.Colour == colour)
                    || objects.Any(o => Math.Sqrt((o.X - x) * (o.X - x) + (o.Y - y) * (o.Y - y)) < RoomVocabulary.MinSeparation))
                    continue;
                objects.Add(new RoomObject(shape, colour, rng.NextDouble() < 0.5, x, y));
            }
            if (objects.Count == count)
                return new Room(objects);
        }
    }

    /// <summary>A situation in <paramref name="room"/>: next to object <c>Anchor</c>, facing object <c>Facing</c>, or null when no clear spot was found.</summary>
    public static (AgentPose Pose, int Anchor, int Facing)? Situate(Room room, Random rng)
    {
        var anchor = rng.Next(room.Objects.Count);
        var facing = (anchor + 1 + rng.Next(room.Objects.Count - 1)) % room.Objects.Count;
        var a = room.Objects[anchor];
        var f = room.Objects[facing];
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var angle = 2 * Math.PI * rng.NextDouble();
            var (x, y) = (a.X + StandOff * Math.Cos(angle), a.Y + StandOff * Math.Sin(angle));
            if (Math.Abs(x) > 0.95 || Math.Abs(y) > 0.95)
                continue;
            if (room.Objects.Where((_, i) => i != anchor).Any(o => Math.Sqrt((o.X - x) * (o.X - x) + (o.Y - y) * (o.Y - y)) < o.Radius + 0.08))
                continue;
            return (new AgentPose(x, y, Math.Atan2(f.Y - y, f.X - x)), anchor, facing);
        }
        return null;
    }

    private static double U(Random rng, double lo, double hi) => lo + (hi - lo) * rng.NextDouble();
}

namespace FrozenLm.Data.Sqa3d;

/// <summary>
/// The templated situated question families of <c>shapes-3dqa</c>, all answered in the agent's frame (forward = the
/// heading, left = the heading turned 90 degrees counter-clockwise seen from above):
/// <list type="bullet">
/// <item><c>side</c>: "What is on my left/right?": the shape of the one object (the anchor excluded) within 45 degrees of straight left/right.</item>
/// <item><c>count</c>: "How many cubes are behind me?": 0, 1 or 2 objects of that shape more than 0.08 behind the agent (none within 0.08 of the line).</item>
/// <item><c>colour</c>: "What colour is the nearest cone?": the colour of the nearest object of a shape the situation does not name (0.1 nearer than the next).</item>
/// <item><c>reach</c>: "Can I reach the red cube by going forward?": yes when it is more than 0.1 ahead, no when more than 0.1 behind (neither the anchor nor the faced object).</item>
/// <item><c>larger</c>: "Which is larger, the red cube or the blue cone?": the shape of the larger of two objects of different shapes and sizes.</item>
/// </list>
/// Questions whose answer would be ambiguous are not asked (null).
/// </summary>
public static class SituatedQuestions
{
    public static IReadOnlyList<string> Families { get; } = ["side", "count", "colour", "reach", "larger"];

    /// <summary>The answers of <paramref name="family"/>, each equally frequent in a generated split.</summary>
    public static IReadOnlyList<string> Answers(string family) => family switch
    {
        "side" or "larger" => RoomVocabulary.Shapes,
        "count" => ["0", "1", "2"],
        "colour" => RoomVocabulary.Colours.Select(c => c.Name).ToList(),
        "reach" => ["yes", "no"],
        _ => throw new ArgumentOutOfRangeException(nameof(family), family),
    };

    /// <summary>The situation text: the agent is next to object <paramref name="anchor"/> and faces object <paramref name="facing"/>.</summary>
    public static string Situation(Room room, int anchor, int facing, Random rng)
    {
        var a = room.Objects[anchor].Description;
        var f = room.Objects[facing].Description;
        return rng.Next(3) switch
        {
            0 => $"I am standing next to the {a}, facing the {f}.",
            1 => $"I am next to the {a} and the {f} is in front of me.",
            _ => $"Facing the {f}, I stand beside the {a}.",
        };
    }

    /// <summary>A question of <paramref name="family"/> whose answer is <paramref name="answer"/> in this situation, or null.</summary>
    public static string? TryAsk(Room room, AgentPose pose, int anchor, int facing, string family, string answer, Random rng)
    {
        var objects = room.Objects;
        switch (family)
        {
            case "side":
            {
                var left = rng.Next(2) == 0;
                var inSector = objects.Where((o, i) => i != anchor && InSideSector(Room.Relative(pose, o), left)).ToList();
                return inSector.Count == 1 && inSector[0].ShapeName == answer ? $"What is on my {(left ? "left" : "right")}?" : null;
            }
            case "count":
            {
                var shape = rng.Next(RoomVocabulary.Shapes.Count);
                var ofShape = objects.Where(o => o.Shape == shape).Select(o => Room.Relative(pose, o).Forward).ToList();
                if (ofShape.Any(f => Math.Abs(f) < 0.08))
                    return null;
                return ofShape.Count(f => f < 0).ToString(System.Globalization.CultureInfo.InvariantCulture) == answer
                    ? $"How many {RoomVocabulary.Plural(shape)} are behind me?" : null;
            }
            case "colour":
            {
                var shape = rng.Next(RoomVocabulary.Shapes.Count);
                if (shape == objects[anchor].Shape || shape == objects[facing].Shape)
                    return null;
                var ofShape = objects.Where(o => o.Shape == shape).OrderBy(o => Room.Distance(pose, o)).ToList();
                if (ofShape.Count == 0 || (ofShape.Count > 1 && Room.Distance(pose, ofShape[1]) - Room.Distance(pose, ofShape[0]) < 0.1))
                    return null;
                return ofShape[0].ColourName == answer ? $"What colour is the nearest {RoomVocabulary.Shapes[shape]}?" : null;
            }
            case "reach":
            {
                var target = rng.Next(objects.Count);
                if (target == anchor || target == facing)
                    return null;
                var forward = Room.Relative(pose, objects[target]).Forward;
                if (Math.Abs(forward) < 0.1 || (forward > 0 ? "yes" : "no") != answer)
                    return null;
                return $"Can I reach the {objects[target].Description} by going forward?";
            }
            case "larger":
            {
                var i = rng.Next(objects.Count);
                var j = rng.Next(objects.Count);
                var (a, b) = (objects[i], objects[j]);
                if (a.Shape == b.Shape || a.Large == b.Large)
                    return null;
                return (a.Large ? a : b).ShapeName == answer ? $"Which is larger, the {a.Description} or the {b.Description}?" : null;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(family), family);
        }
    }

    private static bool InSideSector((double Forward, double Left) r, bool left)
    {
        var lateral = left ? r.Left : -r.Left;
        return lateral > 0 && Math.Abs(r.Forward) < lateral;
    }
}

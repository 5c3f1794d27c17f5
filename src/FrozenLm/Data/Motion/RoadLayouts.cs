namespace FrozenLm.Data.Motion;

/// <summary>
/// Builds the generated layouts (right-hand traffic, 3.5 m lanes): a straight three-lane road (keep lane or change
/// left or right), a curve (left or right, radius 25-60 m; one route, speeds vary), a T-junction (left or right), a
/// crossroads (left, straight, right) and a merge (an on-ramp joining a two-lane road; keep the right lane or move on
/// to the left one).
/// </summary>
public static class RoadLayouts
{
    private const double W = 3.5;
    private const double H = W / 2;
    private const double Box = 7;
    private const double Far = 150;

    public static RoadLayout Build(RoadLayoutKind kind, Random random) => kind switch
    {
        RoadLayoutKind.Straight => Straight(random),
        RoadLayoutKind.Curve => Curve(random),
        RoadLayoutKind.TJunction => Junction(crossroads: false),
        RoadLayoutKind.Crossroads => Junction(crossroads: true),
        _ => Merge(random),
    };

    private static RoadLayout Straight(Random random)
    {
        var change = 20 + 20 * random.NextDouble();
        var lanes = new List<(RoadPath, LaneTurn, bool)>();
        foreach (var x in new[] { H - W, H, H + W })
            lanes.Add((new RoadPath().Line(x, -Far, x, Far), LaneTurn.None, false));
        lanes.Add((new RoadPath().Line(H - 2 * W, Far, H - 2 * W, -Far), LaneTurn.None, false));
        var routes = new[] { H - W, H, H + W }
            .Select(x => new RoadPath().Line(H, -Far, H, -Box).Shift(H, -Box, x, change).Line(x, -Box + change, x, Far))
            .ToList();
        return new RoadLayout(RoadLayoutKind.Straight, lanes, routes);
    }

    private static RoadLayout Curve(Random random)
    {
        var left = random.Next(2) == 0;
        var r = 25 + 35 * random.NextDouble();
        var sign = left ? -1 : 1;
        var centreX = H + sign * r;
        var path = new RoadPath().Line(H, -Far, H, -Box);
        var a0 = left ? 0 : Math.PI;
        path.Arc(centreX, -Box, r, a0, Math.PI / 2);
        var end = path.Points[^1];
        path.Line(end.X, end.Y, end.X + sign * 100, end.Y);
        var opposite = new RoadPath().Line(H - W, Far / 2, H - W, -Far);
        var lanes = new List<(RoadPath, LaneTurn, bool)> { (path, LaneTurn.None, false), (opposite, LaneTurn.None, false) };
        return new RoadLayout(RoadLayoutKind.Curve, lanes, [path]);
    }

    private static RoadLayout Junction(bool crossroads)
    {
        var lanes = new List<(RoadPath, LaneTurn, bool)>
        {
            (new RoadPath().Line(H, -Far, H, -Box), LaneTurn.None, false),
            (new RoadPath().Line(-H, -Box, -H, -Far), LaneTurn.None, false),
            (new RoadPath().Line(-Far, -H, -Box, -H), LaneTurn.None, false),
            (new RoadPath().Line(Box, -H, Far, -H), LaneTurn.None, false),
            (new RoadPath().Line(Far, H, Box, H), LaneTurn.None, false),
            (new RoadPath().Line(-Box, H, -Far, H), LaneTurn.None, false),
            (new RoadPath().Line(-Box, -H, Box, -H), LaneTurn.None, true),
            (new RoadPath().Line(Box, H, -Box, H), LaneTurn.None, true),
        };
        var right = new RoadPath().Arc(Box, -Box, Box - H, Math.PI, Math.PI / 2);
        var left = new RoadPath().Arc(-Box, -Box, Box + H, 0, Math.PI / 2);
        lanes.Add((right, LaneTurn.Right, true));
        lanes.Add((left, LaneTurn.Left, true));
        var routes = new List<RoadPath>
        {
            new RoadPath().Line(H, -Far, H, -Box).Arc(Box, -Box, Box - H, Math.PI, Math.PI / 2).Line(Box, -H, Far, -H),
            new RoadPath().Line(H, -Far, H, -Box).Arc(-Box, -Box, Box + H, 0, Math.PI / 2).Line(-Box, H, -Far, H),
        };
        if (crossroads)
        {
            lanes.Add((new RoadPath().Line(H, -Box, H, Box), LaneTurn.None, true));
            lanes.Add((new RoadPath().Line(H, Box, H, Far), LaneTurn.None, false));
            lanes.Add((new RoadPath().Line(-H, Far, -H, Box), LaneTurn.None, false));
            lanes.Add((new RoadPath().Line(-H, Box, -H, -Box), LaneTurn.None, true));
            routes.Add(new RoadPath().Line(H, -Far, H, Far));
        }
        return new RoadLayout(crossroads ? RoadLayoutKind.Crossroads : RoadLayoutKind.TJunction, lanes, routes);
    }

    private static RoadLayout Merge(Random random)
    {
        var change = 20 + 20 * random.NextDouble();
        var rampStartX = H + 20 + 15 * random.NextDouble();
        var lanes = new List<(RoadPath, LaneTurn, bool)>
        {
            (new RoadPath().Line(H, -Far, H, Far), LaneTurn.None, false),
            (new RoadPath().Line(H - W, -Far, H - W, Far), LaneTurn.None, false),
            (new RoadPath().Line(rampStartX, -Far, H, -Box), LaneTurn.None, false),
        };
        var routes = new[] { H, H - W }
            .Select(x => new RoadPath().Line(rampStartX, -Far, H, -Box).Shift(H, -Box, x, change).Line(x, -Box + change, x, Far))
            .ToList();
        return new RoadLayout(RoadLayoutKind.Merge, lanes, routes);
    }
}

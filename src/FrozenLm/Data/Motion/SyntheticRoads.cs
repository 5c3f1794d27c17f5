using FrozenLm.Runtime;

namespace FrozenLm.Data.Motion;

/// <summary>
/// The generated <c>synthetic-roads</c> scenes, in the same internal format as Argoverse (world coordinates, 50 steps
/// at 10 Hz, one <c>AGENT</c>, one <c>AV</c>, <c>OTHERS</c>, lane centrelines every 2 m with their tags). Each scene
/// draws a layout (<see cref="RoadLayouts"/>), places it at a random position and rotation, and drives the target
/// along one of the layout's routes with a kinematic model: constant speed (4-11 m/s) over the history, then, from
/// the last observed step, one of three speed profiles (brake 1.5 m/s^2, keep, accelerate 1 m/s^2). The target's
/// last observed position is 2-20 m before the point where the routes part, so the same history can turn left, go
/// straight or turn right. 2-6 other agents drive along other lanes at constant speed, some seen only from a later
/// step. Every observed position gets Gaussian measurement noise. Scene i of a split is generated from its own seed.
/// </summary>
public static class SyntheticRoads
{
    public const string SourceName = "synthetic-roads";
    public const string City = "SYN";
    private const double LaneSpacing = 2.0;
    private static readonly double[] Accelerations = [-1.5, 0.0, 1.0];
    private static readonly (RoadLayoutKind Kind, double Weight)[] Mix =
    [
        (RoadLayoutKind.Straight, 0.2), (RoadLayoutKind.Curve, 0.15), (RoadLayoutKind.TJunction, 0.25),
        (RoadLayoutKind.Crossroads, 0.25), (RoadLayoutKind.Merge, 0.15),
    ];

    /// <summary>The scenes of <paramref name="split"/> ("train" or "test").</summary>
    public static List<MotionScene> Generate(SyntheticRoadsOptions options, string split)
    {
        var count = split == "train" ? options.Train : options.Test;
        return Enumerable.Range(0, count).Select(i => Scene(options, split, i)).ToList();
    }

    /// <summary>Scene <paramref name="index"/> of <paramref name="split"/>.</summary>
    public static MotionScene Scene(SyntheticRoadsOptions options, string split, int index)
    {
        var random = new Random(Seeding.Derive(options.Seed, $"synthetic-roads/{split}/{index}"));
        var kind = PickKind(random);
        var layout = RoadLayouts.Build(kind, random);
        var rotation = random.NextDouble() * 2 * Math.PI;
        var (offsetX, offsetY) = (random.NextDouble() * 2000 - 1000, random.NextDouble() * 2000 - 1000);
        (double X, double Y) World((double X, double Y) p) =>
            (Math.Cos(rotation) * p.X - Math.Sin(rotation) * p.Y + offsetX, Math.Sin(rotation) * p.X + Math.Cos(rotation) * p.Y + offsetY);

        var tracks = new List<MotionTrack> { Target(layout, random, options.Noise, World) };
        var others = 2 + random.Next(5);
        var otherLanes = layout.Lanes.Where(l => !l.Intersection).ToList();
        for (var o = 0; o < others; o++)
        {
            var lane = otherLanes[random.Next(otherLanes.Count)].Path;
            var type = o == 0 ? MotionObjectType.Av : MotionObjectType.Others;
            var id = o == 0 ? "av" : $"other-{o}";
            tracks.Add(Other(id, type, lane, random, options.Noise, World));
        }
        var lanes = layout.Lanes.Select((l, i) =>
        {
            var (xs, ys) = l.Path.Resample(LaneSpacing);
            for (var p = 0; p < xs.Length; p++)
                (xs[p], ys[p]) = World((xs[p], ys[p]));
            return new MotionLane($"lane-{i}", xs, ys, l.Turn, l.Intersection, l.Intersection);
        }).ToList();
        return new MotionScene($"{split}-{index:D6}-{kind.ToString().ToLowerInvariant()}", City, tracks, lanes);
    }

    private static RoadLayoutKind PickKind(Random random)
    {
        var u = random.NextDouble();
        foreach (var (kind, weight) in Mix)
        {
            if (u < weight)
                return kind;
            u -= weight;
        }
        return Mix[^1].Kind;
    }

    private static MotionTrack Target(RoadLayout layout, Random random, double noise, Func<(double, double), (double X, double Y)> world)
    {
        var route = layout.Routes[random.Next(layout.Routes.Count)];
        var decision = route.Project(RoadLayout.DecisionX, RoadLayout.DecisionY);
        var speed = 4 + 7 * random.NextDouble();
        var acceleration = Accelerations[random.Next(Accelerations.Length)];
        var last = decision - (2 + 18 * random.NextDouble());
        var track = NewTrack("agent", MotionObjectType.Agent);
        var s = last - speed * MotionTiming.LastObserved * MotionTiming.StepSeconds;
        var v = speed;
        for (var k = 0; k < MotionTiming.TotalSteps; k++)
        {
            if (k > MotionTiming.LastObserved)
            {
                var next = Math.Max(0.5, v + acceleration * MotionTiming.StepSeconds);
                s += (v + next) / 2 * MotionTiming.StepSeconds;
                v = next;
            }
            else if (k > 0)
            {
                s += speed * MotionTiming.StepSeconds;
            }
            var p = route.At(Math.Min(s, route.Length))!.Value;
            Observe(track, k, world(p), random, noise);
        }
        return track;
    }

    private static MotionTrack Other(string id, MotionObjectType type, RoadPath lane, Random random, double noise,
        Func<(double, double), (double X, double Y)> world)
    {
        var track = NewTrack(id, type);
        var speed = 3 + 9 * random.NextDouble();
        var start = random.NextDouble() < 0.7 ? 0 : random.Next(MotionTiming.LastObserved - 2);
        var s0 = lane.Length * (0.2 + 0.6 * random.NextDouble());
        for (var k = start; k < MotionTiming.TotalSteps; k++)
        {
            if (lane.At(s0 + speed * (k - MotionTiming.LastObserved) * MotionTiming.StepSeconds) is { } p)
                Observe(track, k, world(p), random, noise);
        }
        return track;
    }

    private static MotionTrack NewTrack(string id, MotionObjectType type) =>
        new(id, type, new double[MotionTiming.TotalSteps], new double[MotionTiming.TotalSteps], new bool[MotionTiming.TotalSteps]);

    private static void Observe(MotionTrack track, int step, (double X, double Y) p, Random random, double noise)
    {
        track.X[step] = p.X + noise * Gaussian(random);
        track.Y[step] = p.Y + noise * Gaussian(random);
        track.Observed[step] = true;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}

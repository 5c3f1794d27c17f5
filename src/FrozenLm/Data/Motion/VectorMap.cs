namespace FrozenLm.Data.Motion;

/// <summary>One city's lane centrelines with their bounding boxes, for "lanes within a radius" queries.</summary>
public sealed class VectorMap
{
    private readonly (double MinX, double MinY, double MaxX, double MaxY)[] _boxes;

    public VectorMap(string city, IReadOnlyList<MotionLane> lanes)
    {
        City = city;
        Lanes = lanes;
        _boxes = lanes.Select(l => (l.X.Min(), l.Y.Min(), l.X.Max(), l.Y.Max())).ToArray();
    }

    public string City { get; }
    public IReadOnlyList<MotionLane> Lanes { get; }

    /// <summary>The lanes with a centreline point within <paramref name="radius"/> metres of (x, y).</summary>
    public List<MotionLane> LanesNear(double x, double y, double radius)
    {
        var result = new List<MotionLane>();
        var r2 = radius * radius;
        for (var i = 0; i < Lanes.Count; i++)
        {
            var b = _boxes[i];
            if (x < b.MinX - radius || x > b.MaxX + radius || y < b.MinY - radius || y > b.MaxY + radius)
                continue;
            var lane = Lanes[i];
            for (var p = 0; p < lane.Count; p++)
            {
                var (dx, dy) = (lane.X[p] - x, lane.Y[p] - y);
                if (dx * dx + dy * dy <= r2)
                {
                    result.Add(lane);
                    break;
                }
            }
        }
        return result;
    }
}

namespace FrozenLm.Data.Motion;

/// <summary>A dense polyline with its cumulative arc length, sampled at any arc length by linear interpolation.</summary>
public sealed class RoadPath
{
    private readonly List<(double X, double Y)> _points = [];
    private readonly List<double> _s = [];

    public IReadOnlyList<(double X, double Y)> Points => _points;
    public double Length => _s.Count == 0 ? 0 : _s[^1];

    /// <summary>Appends a straight piece to (x1, y1) from the current end (or from (x0, y0) when empty), every <paramref name="step"/> metres.</summary>
    public RoadPath Line(double x0, double y0, double x1, double y1, double step = 0.5)
    {
        var n = Math.Max(1, (int)Math.Ceiling(Math.Sqrt((x1 - x0) * (x1 - x0) + (y1 - y0) * (y1 - y0)) / step));
        for (var i = 0; i <= n; i++)
            Add(x0 + (x1 - x0) * i / n, y0 + (y1 - y0) * i / n);
        return this;
    }

    /// <summary>Appends a circular arc around (cx, cy) of radius <paramref name="r"/> from angle <paramref name="a0"/> to <paramref name="a1"/>.</summary>
    public RoadPath Arc(double cx, double cy, double r, double a0, double a1, double step = 0.5)
    {
        var n = Math.Max(2, (int)Math.Ceiling(Math.Abs(a1 - a0) * r / step));
        for (var i = 0; i <= n; i++)
        {
            var a = a0 + (a1 - a0) * i / n;
            Add(cx + r * Math.Cos(a), cy + r * Math.Sin(a));
        }
        return this;
    }

    /// <summary>
    /// Appends a lane change along +y: from (x0, y0) to (x1, y0 + length) with a smooth-step lateral profile.
    /// </summary>
    public RoadPath Shift(double x0, double y0, double x1, double length, double step = 0.5)
    {
        var n = Math.Max(2, (int)Math.Ceiling(length / step));
        for (var i = 0; i <= n; i++)
        {
            var u = (double)i / n;
            Add(x0 + (x1 - x0) * u * u * (3 - 2 * u), y0 + length * u);
        }
        return this;
    }

    /// <summary>The point at arc length <paramref name="s"/>; null beyond either end.</summary>
    public (double X, double Y)? At(double s)
    {
        if (_s.Count < 2 || s < 0 || s > Length)
            return null;
        var i = _s.BinarySearch(s);
        if (i >= 0)
            return _points[i];
        i = ~i;
        var u = (s - _s[i - 1]) / (_s[i] - _s[i - 1]);
        return (_points[i - 1].X + u * (_points[i].X - _points[i - 1].X), _points[i - 1].Y + u * (_points[i].Y - _points[i - 1].Y));
    }

    /// <summary>The arc length of the path's point nearest to (x, y).</summary>
    public double Project(double x, double y)
    {
        var best = 0;
        var bestD = double.MaxValue;
        for (var i = 0; i < _points.Count; i++)
        {
            var d = (_points[i].X - x) * (_points[i].X - x) + (_points[i].Y - y) * (_points[i].Y - y);
            if (d < bestD)
                (best, bestD) = (i, d);
        }
        return _s[best];
    }

    /// <summary>The path resampled every <paramref name="spacing"/> metres (end point included), as a lane centreline.</summary>
    public (double[] X, double[] Y) Resample(double spacing)
    {
        var n = Math.Max(1, (int)Math.Round(Length / spacing));
        var xs = new double[n + 1];
        var ys = new double[n + 1];
        for (var i = 0; i <= n; i++)
            (xs[i], ys[i]) = At(Math.Min(Length, Length * i / n))!.Value;
        return (xs, ys);
    }

    private void Add(double x, double y)
    {
        if (_points.Count > 0)
        {
            var (px, py) = _points[^1];
            var d = Math.Sqrt((x - px) * (x - px) + (y - py) * (y - py));
            if (d < 1e-9)
                return;
            _s.Add(_s[^1] + d);
        }
        else
        {
            _s.Add(0);
        }
        _points.Add((x, y));
    }
}

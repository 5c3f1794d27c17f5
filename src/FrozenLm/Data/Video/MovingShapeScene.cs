namespace FrozenLm.Data.Video;

/// <summary>
/// One generated clip of <c>moving-shapes</c>, fixed by its random draws: a textured background seen by a panning
/// camera, a vertical occluder bar, two drifting distractor discs, and the object whose motion is the class. Renders any
/// frame (2 x 2 supersampled) and the object's visible coverage.
/// </summary>
internal sealed class MovingShapeScene
{
    private static readonly (double X, double Y)[][] Polygons =
    [
        [(-0.8, -1), (-0.2, -1), (-0.2, 0.4), (0.8, 0.4), (0.8, 1), (-0.8, 1)],                                     // L
        [(-1, -1), (1, -1), (1, -0.4), (0.3, -0.4), (0.3, 1), (-0.3, 1), (-0.3, -0.4), (-1, -0.4)],               // T
        [(-1, -0.3), (0.2, -0.3), (0.2, -0.85), (1, 0), (0.2, 0.85), (0.2, 0.3), (-1, 0.3)],                       // arrow
        [(-0.8, -0.8), (1, 0), (-0.8, 0.8)],                                                                       // wedge
    ];

    private readonly int _size;
    private readonly int _frames;
    private readonly MovingShapeClass _motion;
    private readonly double _camX, _camY, _camVx, _camVy;
    private readonly float[] _bgBase = new float[3];
    private readonly (double Fx, double Fy, double Phase, float[] Colour)[] _gratings = new (double, double, double, float[])[3];
    private readonly double _occluderX, _occluderHalfWidth;
    private readonly float[] _occluderColour;
    private readonly (double X, double Y, double Vx, double Vy, double Radius, float[] Colour)[] _discs;
    private readonly (double X, double Y)[] _polygon;
    private readonly float[] _objectColour;
    private readonly double _radius, _angle0, _spin, _scale0, _scale1, _vx, _vy, _turn;
    private readonly double _x0, _y0;

    public MovingShapeScene(MovingShapeClass motion, MovingShapesOptions options, Augmentation.SampleRandom rng)
    {
        var size = options.Size;
        var frames = options.Frames;
        _size = size;
        _frames = frames;
        _discs = new (double, double, double, double, double, float[])[options.Distractors];
        _motion = motion;
        var s = size / 32.0;
        _camX = rng.Uniform(0, 200);
        _camY = rng.Uniform(0, 200);
        var camAngle = rng.Uniform(0, 2 * Math.PI);
        var camSpeed = rng.Uniform(options.MaxPan / 3, options.MaxPan) * s;
        _camVx = camSpeed * Math.Cos(camAngle);
        _camVy = camSpeed * Math.Sin(camAngle);
        for (var c = 0; c < 3; c++)
            _bgBase[c] = (float)rng.Uniform(0.1, 0.3);
        for (var g = 0; g < _gratings.Length; g++)
        {
            var frequency = rng.Uniform(0.25, 0.8) / s;
            var orientation = rng.Uniform(0, Math.PI);
            _gratings[g] = (frequency * Math.Cos(orientation), frequency * Math.Sin(orientation), rng.Uniform(0, 2 * Math.PI),
                [(float)rng.Uniform(-options.Texture, options.Texture), (float)rng.Uniform(-options.Texture, options.Texture),
                    (float)rng.Uniform(-options.Texture, options.Texture)]);
        }
        _polygon = Polygons[rng.NextInt(Polygons.Length)];
        _objectColour = Saturated(rng);
        _occluderColour = [(float)rng.Uniform(0, 0.2), (float)rng.Uniform(0, 0.2), (float)rng.Uniform(0, 0.2)];
        _occluderHalfWidth = 0.125 * size;
        _radius = 0.17 * size;
        _angle0 = rng.Uniform(0, 2 * Math.PI);
        _scale0 = _scale1 = 1;
        var speed = rng.Uniform(0.7, 1.0) * s * options.MotionScale;
        switch (motion)
        {
            case MovingShapeClass.MoveLeft: _vx = -speed; break;
            case MovingShapeClass.MoveRight: _vx = speed; break;
            case MovingShapeClass.MoveUp: _vy = -speed; break;
            case MovingShapeClass.MoveDown: _vy = speed; break;
            case MovingShapeClass.RotateClockwise: _spin = rng.Uniform(9, 13) * options.MotionScale * Math.PI / 180; break;
            case MovingShapeClass.RotateAnticlockwise: _spin = -rng.Uniform(9, 13) * options.MotionScale * Math.PI / 180; break;
            case MovingShapeClass.Grow: _scale0 = rng.Uniform(0.5, 0.65); _scale1 = rng.Uniform(1.15, 1.35); break;
            case MovingShapeClass.Shrink: _scale0 = rng.Uniform(1.15, 1.35); _scale1 = rng.Uniform(0.5, 0.65); break;
            case MovingShapeClass.Bounce:
                var axis = rng.NextInt(4);
                (_vx, _vy) = axis switch { 0 => (speed, 0.0), 1 => (-speed, 0.0), 2 => (0.0, speed), _ => (0.0, -speed) };
                _turn = rng.Uniform(0.4, 0.6) * (frames - 1);
                break;
            case MovingShapeClass.PassBehind: _vx = rng.Chance(0.5) ? speed : -speed; break;
        }
        (_x0, _y0) = PlaceStart(rng);
        _occluderX = motion == MovingShapeClass.PassBehind
            ? _x0 + Displacement(0.5 * (frames - 1)).X
            : _camX + rng.Uniform(0.1, 0.9) * size;
        for (var d = 0; d < _discs.Length; d++)
        {
            var angle = rng.Uniform(0, 2 * Math.PI);
            var v = rng.Uniform(0, 0.3) * s;
            _discs[d] = (_camX + rng.Uniform(0.1, 0.9) * size, _camY + rng.Uniform(0.1, 0.9) * size, v * Math.Cos(angle),
                v * Math.Sin(angle), rng.Uniform(0.05, 0.08) * size, Saturated(rng));
        }
    }

    /// <summary>Object motion relative to its start at (fractional) frame <paramref name="t"/>, in world pixels.</summary>
    private (double X, double Y) Displacement(double t)
    {
        var along = _motion == MovingShapeClass.Bounce && t > _turn ? 2 * _turn - t : t;
        return (_vx * along, _vy * along);
    }

    /// <summary>A world start so that the object's screen path (camera included) stays inside the frame where it can.</summary>
    private (double X, double Y) PlaceStart(Augmentation.SampleRandom rng)
    {
        var extent = _radius * Math.Max(_scale0, _scale1);
        double minX = double.MaxValue, maxX = double.MinValue, minY = double.MaxValue, maxY = double.MinValue;
        for (var t = 0; t < _frames; t++)
        {
            var (dx, dy) = Displacement(t);
            var sx = dx - _camVx * t;
            var sy = dy - _camVy * t;
            minX = Math.Min(minX, sx); maxX = Math.Max(maxX, sx);
            minY = Math.Min(minY, sy); maxY = Math.Max(maxY, sy);
        }
        double Pick(double min, double max)
        {
            var low = extent - min;
            var high = _size - extent - max;
            return high > low ? rng.Uniform(low, high) : 0.5 * (low + high);
        }
        return (_camX + Pick(minX, maxX), _camY + Pick(minY, maxY));
    }

    /// <summary>A random hue at full value over a floor of 0.35-0.5: brighter than the dark background in every hue, so the contrast has one sign.</summary>
    private static float[] Saturated(Augmentation.SampleRandom rng)
    {
        var h = rng.Uniform(0, 6);
        var x = (float)(1 - Math.Abs(h % 2 - 1));
        float[] rgb = (int)h switch
        {
            0 => [1, x, 0], 1 => [x, 1, 0], 2 => [0, 1, x], 3 => [0, x, 1], 4 => [x, 0, 1], _ => [1, 0, x],
        };
        var low = (float)rng.Uniform(0.35, 0.5);
        return rgb.Select(v => low + (1f - low) * v).ToArray();
    }

    /// <summary>Renders frame <paramref name="t"/> into <paramref name="rgb"/> [3, size, size] and, when given, the object's visible coverage into <paramref name="mask"/> [size, size].</summary>
    public void Render(int t, Span<float> rgb, Span<float> mask)
    {
        var n = _size;
        var plane = n * n;
        var camX = _camX + _camVx * t;
        var camY = _camY + _camVy * t;
        var (dx, dy) = Displacement(t);
        var ox = _x0 + dx;
        var oy = _y0 + dy;
        var angle = _angle0 + _spin * t;
        var scale = _scale0 * Math.Pow(_scale1 / _scale0, t / (double)Math.Max(1, _frames - 1));
        var cos = Math.Cos(-angle);
        var sin = Math.Sin(-angle);
        var reach = _radius * scale * Math.Sqrt(2) + 1;
        var inverseRadius = 1 / (_radius * scale);
        var behind = _motion == MovingShapeClass.PassBehind;
        Span<float> colour = stackalloc float[3];
        Span<double> discX = stackalloc double[_discs.Length];
        Span<double> discY = stackalloc double[_discs.Length];
        for (var d = 0; d < _discs.Length; d++)
        {
            discX[d] = _discs[d].X + _discs[d].Vx * t;
            discY[d] = _discs[d].Y + _discs[d].Vy * t;
        }
        for (var y = 0; y < n; y++)
        {
            for (var x = 0; x < n; x++)
            {
                var wx = camX + x + 0.5;
                var wy = camY + y + 0.5;
                for (var c = 0; c < 3; c++)
                    colour[c] = _bgBase[c];
                foreach (var (fx, fy, phase, weights) in _gratings)
                {
                    var g = (float)Math.Sin(fx * wx + fy * wy + phase);
                    for (var c = 0; c < 3; c++)
                        colour[c] += weights[c] * g;
                }
                for (var d = 0; d < _discs.Length; d++)
                {
                    var r = _discs[d].Radius;
                    if (Math.Abs(wx - discX[d]) <= r + 1 && Math.Abs(wy - discY[d]) <= r + 1)
                        Blend(colour, _discs[d].Colour, DiscCoverage(wx - discX[d], wy - discY[d], r));
                }
                var occluder = Math.Abs(wx - _occluderX) <= _occluderHalfWidth + 1 ? BarCoverage(wx - _occluderX, _occluderHalfWidth) : 0f;
                var shape = Math.Abs(wx - ox) <= reach && Math.Abs(wy - oy) <= reach
                    ? ShapeCoverage(wx - ox, wy - oy, cos, sin, inverseRadius)
                    : 0f;
                if (behind)
                {
                    Blend(colour, _objectColour, shape);
                    Blend(colour, _occluderColour, occluder);
                }
                else
                {
                    Blend(colour, _occluderColour, occluder);
                    Blend(colour, _objectColour, shape);
                }
                var p = y * n + x;
                for (var c = 0; c < 3; c++)
                    rgb[c * plane + p] = Math.Clamp(colour[c], 0f, 1f);
                if (!mask.IsEmpty)
                    mask[p] = behind ? shape * (1 - occluder) : shape;
            }
        }
    }

    /// <summary>Sub-sample offsets of a pixel's 2 x 2 supersampling.</summary>
    private static readonly double[] Offsets = [-0.25, 0.25];

    private static float DiscCoverage(double px, double py, double radius)
    {
        var hits = 0;
        foreach (var sy in Offsets)
            foreach (var sx in Offsets)
                if ((px + sx) * (px + sx) + (py + sy) * (py + sy) <= radius * radius)
                    hits++;
        return hits / 4f;
    }

    private static float BarCoverage(double px, double halfWidth)
    {
        var hits = 0;
        foreach (var sx in Offsets)
            if (Math.Abs(px + sx) <= halfWidth)
                hits++;
        return hits / 2f;
    }

    private float ShapeCoverage(double px, double py, double cos, double sin, double inverseRadius)
    {
        var hits = 0;
        foreach (var sy in Offsets)
        {
            foreach (var sx in Offsets)
            {
                var qx = px + sx;
                var qy = py + sy;
                if (Inside(_polygon, (qx * cos - qy * sin) * inverseRadius, (qx * sin + qy * cos) * inverseRadius))
                    hits++;
            }
        }
        return hits / 4f;
    }

    private static void Blend(Span<float> colour, float[] over, float alpha)
    {
        if (alpha <= 0)
            return;
        for (var c = 0; c < 3; c++)
            colour[c] += (over[c] - colour[c]) * alpha;
    }

    private static bool Inside((double X, double Y)[] polygon, double x, double y)
    {
        var inside = false;
        for (int i = 0, j = polygon.Length - 1; i < polygon.Length; j = i++)
        {
            var (xi, yi) = polygon[i];
            var (xj, yj) = polygon[j];
            if ((yi > y) != (yj > y) && x < (xj - xi) * (y - yi) / (yj - yi) + xi)
                inside = !inside;
        }
        return inside;
    }
}

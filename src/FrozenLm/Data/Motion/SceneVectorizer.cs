namespace FrozenLm.Data.Motion;

/// <summary>
/// Turns a <see cref="MotionScene"/> into VectorNet's polylines in the target's frame. Polyline 0 is the target's
/// history, then the other agents' histories, then the lane segments; every vector is <c>[x_start, y_start, x_end,
/// y_end, dx, dy, is_target, is_agent, is_lane, order, turn_left, turn_right, is_intersection, has_traffic_control]</c>
/// with start and end divided by <see cref="CoordinateScale"/> and the displacement (dx, dy) = end - start in metres
/// (an agent's speed per step, which the scaled coordinates hold only as a small difference); <c>order</c> is the step
/// of the vector's end / 20 for agents and the vector's index / segment length for lanes. An agent's vectors join consecutive observed history steps.
/// </summary>
public static class SceneVectorizer
{
    public const int FeatureDim = 14;

    /// <summary>Metres per feature unit (the model's coordinates and trajectories are in this unit).</summary>
    public const double CoordinateScale = 10.0;

    public static VectorizedScene Vectorize(MotionScene scene, VectorizerOptions options)
    {
        var frame = scene.Frame;
        var (p, v) = (options.Polylines, options.Vectors);
        var vectors = new float[p * v * FeatureDim];
        var vectorMask = new bool[p * v];
        var polylineMask = new bool[p];
        var drawn = new List<(PolylineKind, float[])>();

        var agent = scene.Agent;
        var history = Local(frame, agent, 0, MotionTiming.HistorySteps);
        var future = new float[MotionTiming.FutureSteps * 2];
        if (scene.HasFuture)
            future = Local(frame, agent, MotionTiming.HistorySteps, MotionTiming.FutureSteps);

        var slot = 0;
        AddAgent(agent, PolylineKind.Target);
        var others = scene.Tracks
            .Where(t => t.Type != MotionObjectType.Agent && t.ObservedCount(MotionTiming.HistorySteps) >= 2)
            .Select(t => (Track: t, Distance: LastDistance(frame, t)))
            .OrderBy(t => t.Distance)
            .Take(options.MaxAgents)
            .ToList();
        foreach (var (track, _) in others)
            AddAgent(track, PolylineKind.Agent);

        slot = 1 + options.MaxAgents;
        foreach (var (lane, points, _) in LaneSegments(scene, frame, options).Take(options.MaxLanes))
        {
            var n = points.Length / 2 - 1;
            for (var i = 0; i < n; i++)
            {
                Write(slot, i, points[2 * i], points[2 * i + 1], points[2 * i + 2], points[2 * i + 3], PolylineKind.Lane,
                    (double)i / options.LaneSegmentVectors, lane);
            }
            polylineMask[slot++] = true;
            drawn.Add((PolylineKind.Lane, points));
        }
        return new VectorizedScene(scene.Id, frame, vectors, vectorMask, polylineMask, drawn, history, future, scene.HasFuture);

        void AddAgent(MotionTrack track, PolylineKind kind)
        {
            var steps = Enumerable.Range(0, MotionTiming.HistorySteps).Where(k => track.Observed[k]).ToList();
            var points = new float[steps.Count * 2];
            for (var i = 0; i < steps.Count; i++)
            {
                var (x, y) = frame.ToLocal(track.X[steps[i]], track.Y[steps[i]]);
                (points[2 * i], points[2 * i + 1]) = ((float)x, (float)y);
            }
            for (var i = 0; i + 1 < steps.Count; i++)
            {
                Write(slot, i, points[2 * i], points[2 * i + 1], points[2 * i + 2], points[2 * i + 3], kind,
                    (double)steps[i + 1] / MotionTiming.HistorySteps, null);
            }
            polylineMask[slot++] = true;
            drawn.Add((kind, points));
        }

        void Write(int polyline, int index, double xs, double ys, double xe, double ye, PolylineKind kind, double order, MotionLane? lane)
        {
            var at = (polyline * v + index) * FeatureDim;
            vectors[at] = (float)(xs / CoordinateScale);
            vectors[at + 1] = (float)(ys / CoordinateScale);
            vectors[at + 2] = (float)(xe / CoordinateScale);
            vectors[at + 3] = (float)(ye / CoordinateScale);
            vectors[at + 4] = (float)(xe - xs);
            vectors[at + 5] = (float)(ye - ys);
            vectors[at + 6 + (int)kind] = 1;
            vectors[at + 9] = (float)order;
            if (lane is not null)
            {
                vectors[at + 10] = lane.Turn == LaneTurn.Left ? 1 : 0;
                vectors[at + 11] = lane.Turn == LaneTurn.Right ? 1 : 0;
                vectors[at + 12] = lane.IsIntersection ? 1 : 0;
                vectors[at + 13] = lane.HasTrafficControl ? 1 : 0;
            }
            vectorMask[polyline * v + index] = true;
        }
    }

    /// <summary>Lane segments of up to the segment length (consecutive segments share an end point) near the target, nearest first.</summary>
    private static IEnumerable<(MotionLane Lane, float[] Points, double Distance)> LaneSegments(MotionScene scene, AgentFrame frame,
        VectorizerOptions options)
    {
        var segments = new List<(MotionLane, float[], double)>();
        var r2 = options.LaneRadius * options.LaneRadius;
        foreach (var lane in scene.Lanes)
        {
            var local = new float[lane.Count * 2];
            for (var i = 0; i < lane.Count; i++)
            {
                var (x, y) = frame.ToLocal(lane.X[i], lane.Y[i]);
                (local[2 * i], local[2 * i + 1]) = ((float)x, (float)y);
            }
            for (var start = 0; start < lane.Count - 1; start += options.LaneSegmentVectors)
            {
                var end = Math.Min(lane.Count - 1, start + options.LaneSegmentVectors);
                var nearest = double.MaxValue;
                for (var i = start; i <= end; i++)
                    nearest = Math.Min(nearest, (double)local[2 * i] * local[2 * i] + (double)local[2 * i + 1] * local[2 * i + 1]);
                if (nearest <= r2)
                    segments.Add((lane, local[(2 * start)..(2 * end + 2)], nearest));
            }
        }
        return segments.OrderBy(s => s.Item3);
    }

    private static double LastDistance(AgentFrame frame, MotionTrack track)
    {
        var last = Enumerable.Range(0, MotionTiming.HistorySteps).Last(k => track.Observed[k]);
        var (x, y) = frame.ToLocal(track.X[last], track.Y[last]);
        return Math.Sqrt(x * x + y * y);
    }

    private static float[] Local(AgentFrame frame, MotionTrack track, int from, int count)
    {
        var result = new float[count * 2];
        for (var k = 0; k < count; k++)
        {
            var (x, y) = frame.ToLocal(track.X[from + k], track.Y[from + k]);
            (result[2 * k], result[2 * k + 1]) = ((float)x, (float)y);
        }
        return result;
    }
}

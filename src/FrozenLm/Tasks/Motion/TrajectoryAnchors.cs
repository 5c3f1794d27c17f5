namespace FrozenLm.Tasks.Motion;

/// <summary>
/// K anchor trajectories for the decoder: k-means (k-means++ seeding, Lloyd iterations) over the training futures,
/// each a [T * 2] vector in the target's frame; clusters that empty keep their previous centre.
/// </summary>
public static class TrajectoryAnchors
{
    private const int Iterations = 20;

    /// <returns>[K * T * 2] row-major, in the units of <paramref name="futures"/>.</returns>
    public static float[] KMeans(IReadOnlyList<float[]> futures, int k, int seed)
    {
        if (futures.Count == 0)
            throw new ArgumentException("no training futures to cluster");
        var dim = futures[0].Length;
        var random = new Random(seed);
        var centres = new List<float[]> { futures[random.Next(futures.Count)] };
        var nearest = futures.Select(f => Distance(f, centres[0])).ToArray();
        while (centres.Count < k)
        {
            var total = nearest.Sum();
            var pick = random.NextDouble() * total;
            var index = 0;
            while (index < futures.Count - 1 && (pick -= nearest[index]) > 0)
                index++;
            centres.Add(futures[index]);
            for (var i = 0; i < futures.Count; i++)
                nearest[i] = Math.Min(nearest[i], Distance(futures[i], centres[^1]));
        }
        var assignment = new int[futures.Count];
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            for (var i = 0; i < futures.Count; i++)
            {
                var best = 0;
                for (var c = 1; c < k; c++)
                {
                    if (Distance(futures[i], centres[c]) < Distance(futures[i], centres[best]))
                        best = c;
                }
                assignment[i] = best;
            }
            for (var c = 0; c < k; c++)
            {
                var members = Enumerable.Range(0, futures.Count).Where(i => assignment[i] == c).ToList();
                if (members.Count == 0)
                    continue;
                var centre = new float[dim];
                foreach (var i in members)
                    for (var j = 0; j < dim; j++)
                        centre[j] += futures[i][j] / members.Count;
                centres[c] = centre;
            }
        }
        return centres.SelectMany(c => c).ToArray();
    }

    private static double Distance(float[] a, float[] b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
            sum += (a[i] - b[i]) * (double)(a[i] - b[i]);
        return sum;
    }
}

namespace FrozenLm.Data.PointClouds;

/// <summary>Validation every reader applies before it trusts a cloud: non-empty, xyz triples, finite coordinates.</summary>
internal static class PointCloudChecks
{
    /// <summary>Throws a <see cref="UserInputException"/> naming <paramref name="file"/> when the cloud is unusable.</summary>
    public static void Check(string file, ReadOnlySpan<float> xyz, string what)
    {
        if (xyz.Length == 0)
            throw new UserInputException(file, $"{what} is an empty point cloud");
        if (xyz.Length % 3 != 0)
            throw new UserInputException(file, $"{what} has {xyz.Length} coordinates, not a multiple of 3");
        for (var i = 0; i < xyz.Length; i++)
        {
            if (!float.IsFinite(xyz[i]))
                throw new UserInputException(file, $"{what} has a non-finite coordinate (NaN or infinity) at point {i / 3}");
        }
    }

    /// <summary>Centres the cloud on its centroid and scales it into the unit sphere (PointNet's pc_normalize), in place.</summary>
    public static void NormalizeToUnitSphere(Span<float> xyz)
    {
        var n = xyz.Length / 3;
        if (n == 0) return;
        double cx = 0, cy = 0, cz = 0;
        for (var i = 0; i < n; i++)
        {
            cx += xyz[3 * i];
            cy += xyz[3 * i + 1];
            cz += xyz[3 * i + 2];
        }
        cx /= n; cy /= n; cz /= n;
        double maxR = 0;
        for (var i = 0; i < n; i++)
        {
            var dx = xyz[3 * i] - cx;
            var dy = xyz[3 * i + 1] - cy;
            var dz = xyz[3 * i + 2] - cz;
            maxR = Math.Max(maxR, dx * dx + dy * dy + dz * dz);
        }
        var scale = maxR > 0 ? 1.0 / Math.Sqrt(maxR) : 1.0;
        for (var i = 0; i < n; i++)
        {
            xyz[3 * i] = (float)((xyz[3 * i] - cx) * scale);
            xyz[3 * i + 1] = (float)((xyz[3 * i + 1] - cy) * scale);
            xyz[3 * i + 2] = (float)((xyz[3 * i + 2] - cz) * scale);
        }
    }
}

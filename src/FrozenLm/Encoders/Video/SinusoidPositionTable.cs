using TorchSharp;
using static TorchSharp.torch;

namespace FrozenLm.Encoders.Video;

/// <summary>
/// VideoMAE's fixed position table (<c>get_sinusoid_encoding_table</c>) over the flattened space-time token index n:
/// <c>table[n, j] = sin(n / 10000^(2 floor(j/2) / d))</c> for even j and <c>cos(...)</c> for odd j.
/// </summary>
public static class SinusoidPositionTable
{
    /// <summary>The table as row-major doubles [positions, dim].</summary>
    public static double[] Values(int positions, int dim)
    {
        var table = new double[positions * dim];
        for (var n = 0; n < positions; n++)
        {
            for (var j = 0; j < dim; j++)
            {
                var angle = n / Math.Pow(10000, 2.0 * (j / 2) / dim);
                table[n * dim + j] = j % 2 == 0 ? Math.Sin(angle) : Math.Cos(angle);
            }
        }
        return table;
    }

    /// <summary>The table as a float tensor [1, positions, dim].</summary>
    public static Tensor Create(int positions, int dim) =>
        torch.tensor(Values(positions, dim).Select(v => (float)v).ToArray(), [1, positions, dim]);
}

namespace FrozenLm.Data;

/// <summary>
/// Running per-channel mean and standard deviation of pixel buffers laid out channel-planar ([channels, plane]): the
/// one estimate behind every task's "normalisation from the training split" rule.
/// </summary>
public sealed class ChannelStatistics
{
    private readonly double[] _sum;
    private readonly double[] _sumSq;
    private long _perChannel;

    public ChannelStatistics(int channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        _sum = new double[channels];
        _sumSq = new double[channels];
    }

    public int Channels => _sum.Length;

    /// <summary>Adds one buffer [channels, plane] (its length a multiple of the channel count).</summary>
    public void Add(ReadOnlySpan<float> planes)
    {
        if (planes.Length == 0 || planes.Length % Channels != 0)
            throw new ArgumentException($"a buffer of {planes.Length} values is not {Channels} equal planes", nameof(planes));
        var plane = planes.Length / Channels;
        for (var c = 0; c < Channels; c++)
        {
            double cs = 0, cq = 0;
            foreach (var v in planes.Slice(c * plane, plane))
            {
                cs += v;
                cq += (double)v * v;
            }
            _sum[c] += cs;
            _sumSq[c] += cq;
        }
        _perChannel += plane;
    }

    /// <summary>Mean and (population) std per channel of everything added; a zero std (constant channel) becomes 1.</summary>
    public (float[] Mean, float[] Std) Result()
    {
        if (_perChannel == 0)
            throw new InvalidOperationException("no pixels were added");
        var mean = new float[Channels];
        var std = new float[Channels];
        for (var c = 0; c < Channels; c++)
        {
            var m = _sum[c] / _perChannel;
            var variance = Math.Max(0, _sumSq[c] / _perChannel - m * m);
            mean[c] = (float)m;
            std[c] = variance > 1e-12 ? (float)Math.Sqrt(variance) : 1f;
        }
        return (mean, std);
    }
}

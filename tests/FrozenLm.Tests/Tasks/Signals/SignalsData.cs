namespace FrozenLm.Tests.Tasks.Signals;

/// <summary>
/// Generated 1-D signals: small Gaussian noise plus one Gaussian bump (width 1.5 samples) of amplitude 0.5..1.5 at a
/// random centre. The target is the bump's amplitude; the tokens the bump covers are the explain ground truth.
/// </summary>
internal sealed class SignalsData
{
    private SignalsData(string name, float[] samples, float[] amplitudes, int[] centres)
    {
        Name = name;
        Samples = samples;
        Amplitudes = amplitudes;
        Centres = centres;
    }

    public string Name { get; }

    /// <summary>[Count * Length], row-major.</summary>
    public float[] Samples { get; }
    public float[] Amplitudes { get; }
    public int[] Centres { get; }
    public int Count => Amplitudes.Length;

    public static SignalsData Generate(string name, int count, int seed)
    {
        var rng = new Random(seed);
        var samples = new float[count * SignalsOptions.Length];
        var amplitudes = new float[count];
        var centres = new int[count];
        for (var i = 0; i < count; i++)
        {
            amplitudes[i] = 0.5f + rng.NextSingle();
            centres[i] = 3 + rng.Next(SignalsOptions.Length - 6);
            for (var t = 0; t < SignalsOptions.Length; t++)
            {
                var d = (t - centres[i]) / 1.5;
                samples[i * SignalsOptions.Length + t] = (float)(amplitudes[i] * Math.Exp(-0.5 * d * d) + 0.05 * Gaussian(rng));
            }
        }
        return new SignalsData(name, samples, amplitudes, centres);
    }

    public ReadOnlySpan<float> Signal(int index) => Samples.AsSpan(index * SignalsOptions.Length, SignalsOptions.Length);

    /// <summary>Per token: true when the token holds a sample within 3 of the bump's centre.</summary>
    public bool[] BumpTokens(int index)
    {
        var truth = new bool[SignalsOptions.Tokens];
        for (var k = 0; k < truth.Length; k++)
        {
            int first = k * SignalsOptions.TokenSize, last = first + SignalsOptions.TokenSize - 1;
            truth[k] = last >= Centres[index] - 3 && first <= Centres[index] + 3;
        }
        return truth;
    }

    private static double Gaussian(Random rng) =>
        Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
}

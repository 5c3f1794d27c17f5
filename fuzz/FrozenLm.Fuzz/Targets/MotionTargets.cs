using FrozenLm.Data.Motion;

namespace FrozenLm.Fuzz.Targets;

/// <summary>Targets for the Argoverse 1 readers: a forecasting scene CSV and a city vector map XML.</summary>
internal static class MotionTargets
{
    public static void ArgoverseCsv(byte[] input, FuzzScratch scratch) =>
        ArgoverseCsvReader.Read(scratch.Write("1.csv", input));

    public static void ArgoverseMap(byte[] input, FuzzScratch scratch) =>
        ArgoverseMapReader.Read(scratch.Write("pruned_argoverse_PIT_1_vector_map.xml", input));
}

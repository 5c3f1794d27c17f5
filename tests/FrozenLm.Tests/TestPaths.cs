namespace FrozenLm.Tests;

/// <summary>Locations tests read from: committed fixtures and a fresh scratch folder per call.</summary>
internal static class TestPaths
{
    public static string Fixture(params string[] parts) =>
        Path.Combine([AppContext.BaseDirectory, "fixtures", .. parts]);

    public static string NewTempDir(string name)
    {
        var dir = Path.Combine(Path.GetTempPath(), "frozenlm-tests", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }
}

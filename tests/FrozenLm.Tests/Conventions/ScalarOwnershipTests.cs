namespace FrozenLm.Tests.Conventions;

public sealed class ScalarOwnershipTests
{
    [Fact]
    public void Dump()
    {
        var root = RepoRoot();
        var files = Directory.EnumerateFiles(Path.Combine(root, "src", "FrozenLm"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/") && !f.Contains("/bin/")).Select(f => Path.GetRelativePath(root, f));
        var sites = ImplicitScalarFinder.Scan(root, files);
        File.WriteAllLines("/tmp/scalar-sites.txt", sites.Select(s => s.ToString()));
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FrozenLm.sln")))
                return dir.FullName;
        throw new InvalidOperationException("FrozenLm.sln not found above " + AppContext.BaseDirectory);
    }
}

namespace FrozenLm.Tests.Conventions;

/// <summary>
/// The rule of ARCHITECTURE.md "Conventions": no Scalar is created implicitly in src/FrozenLm. TorchSharp Scalars are
/// finalizable native objects that dispose scopes do not track; a temporary one can be freed by the finalizer while
/// libtorch still reads it (a crash seen in <c>THSTensor_add</c> under GC pressure).
/// </summary>
public sealed class ScalarOwnershipTests
{
    [Fact]
    public void Given_the_library_sources_When_scanned_Then_no_Scalar_is_created_implicitly()
    {
        var sites = ImplicitScalarFinder.ScanLibrary(RepoRoot());
        Assert.True(sites.Count == 0,
            $"{sites.Count} place(s) create a TorchSharp Scalar nobody owns. Fix: an owned Scalar field (created in the " +
            "constructor, disposed in Dispose), `using var s = value.ToScalar();` around the call, or FrozenLm.Tensors.Scalars " +
            "(One is the alpha for `x.add(y, Scalars.One)` instead of `x + y`; Two for `x.pow(Scalars.Two)` instead of square()):\n" +
            string.Join("\n", sites));
    }

    [Fact]
    public void Given_code_with_each_kind_of_unowned_Scalar_When_scanned_Then_every_site_is_named_by_line()
    {
        const string probe = """
            using TorchSharp;
            using static TorchSharp.torch;

            namespace Probe;

            internal sealed class Bad
            {
                private static Scalar One { get; } = 1.ToScalar();
                private readonly Scalar _owned = 0.5.ToScalar();

                public Tensor Run(Tensor x, Tensor y)
                {
                    var a = x * 0.5;
                    var b = x + y;
                    var c = x.add(y);
                    var d = x.clamp(0.0, 1.0);
                    var e = x.mul(2.0.ToScalar());
                    using var s = 3.0.ToScalar();
                    var ok1 = x.mul(s).mul(_owned);
                    var ok2 = x.add(y, One);
                    var ok3 = x.pow(_owned) - y;
                    return a;
                }
            }
            """;
        var sites = ImplicitScalarFinder.ScanSources(("Probe/Bad.cs", probe));
        var lines = sites.Select(s => s.Line).Distinct().Order().ToList();
        Assert.Equal([13, 14, 15, 16, 17], lines);
        Assert.All(sites, s => Assert.StartsWith("Probe/Bad.cs:", s.ToString()));
        Assert.Contains(sites, s => s.Line == 14 && s.Problem.Contains("op_Addition(Tensor, Tensor) creates a Scalar inside"));
        Assert.Contains(sites, s => s.Line == 16 && s.Problem.Contains("implicit conversion to Scalar"));
        Assert.Contains(sites, s => s.Line == 17 && s.Problem.Contains("neither a `using` local nor"));
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "FrozenLm.sln")))
                return dir.FullName;
        throw new InvalidOperationException("FrozenLm.sln not found above " + AppContext.BaseDirectory);
    }
}

using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace FrozenLm.Tests.Conventions;

/// <summary>
/// Compiles the library's sources with Roslyn and lists every place that makes TorchSharp create a <c>Scalar</c> that
/// nobody owns: an implicit conversion to <c>Scalar</c>, a call of a TorchSharp method that creates one inside
/// (<see cref="TorchSharpScalarCreators"/>), and a <c>ToScalar()</c> that is neither a <c>using</c> local nor a field.
/// </summary>
internal static class ImplicitScalarFinder
{
    public sealed record Site(string File, int Line, string Code, string Problem)
    {
        public override string ToString() => $"{File}:{Line}: {Problem}: {Code}";
    }

    private const string ImplicitUsings =
        "global using System; global using System.Collections.Generic; global using System.IO; global using System.Linq; " +
        "global using System.Net.Http; global using System.Threading; global using System.Threading.Tasks;";

    private const string GeneratedPartialMissing = "CS8795";

    /// <summary>Scans the files under src/FrozenLm (all of them compiled together, those that use TorchSharp scanned).</summary>
    public static List<Site> ScanLibrary(string repoRoot)
    {
        var files = Directory.EnumerateFiles(Path.Combine(repoRoot, "src", "FrozenLm"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") &&
                        !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .Select(f => (Path.GetRelativePath(repoRoot, f), File.ReadAllText(f)));
        return Scan(files, extra: []);
    }

    /// <summary>Scans <paramref name="sources"/> compiled on their own (a probe for the finder itself).</summary>
    public static List<Site> ScanSources(params (string Path, string Text)[] sources) => Scan([], sources);

    private static List<Site> Scan(IEnumerable<(string Path, string Text)> library, (string Path, string Text)[] extra)
    {
        var trusted = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator);
        var needed = typeof(FrozenLm.UserInputException).Assembly.GetReferencedAssemblies().Select(a => a.Name)
            .Append("System.Runtime").Append("netstandard").Append("System.Private.CoreLib").ToHashSet();
        var references = trusted.Where(p => needed.Contains(Path.GetFileNameWithoutExtension(p)) || Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal))
            .Select(p => MetadataReference.CreateFromFile(p)).ToList();
        var torchSharp = trusted.Single(p => Path.GetFileName(p) == "TorchSharp.dll");
        var creators = TorchSharpScalarCreators.Find(torchSharp);
        var parse = new CSharpParseOptions(LanguageVersion.Preview);
        var sources = library.Concat(extra).ToList();
        var trees = sources.Select(f => CSharpSyntaxTree.ParseText(f.Text, parse, f.Path)).ToList();
        var scanned = extra.Length > 0
            ? extra.Select(e => e.Path).ToHashSet()
            : sources.Where(f => f.Text.Contains("TorchSharp", StringComparison.Ordinal)).Select(f => f.Path).ToHashSet();
        trees.Add(CSharpSyntaxTree.ParseText(ImplicitUsings, parse, "GlobalUsings.g.cs"));
        var compilation = CSharpCompilation.Create("FrozenLmScan", trees, references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable,
                allowUnsafe: true));
        var scalar = compilation.GetTypeByMetadataName("TorchSharp.Scalar")!;
        var sites = new List<Site>();
        foreach (var tree in trees.Where(t => scanned.Contains(t.FilePath)))
        {
            var model = compilation.GetSemanticModel(tree);
            var errors = model.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Id != GeneratedPartialMissing).Take(3).ToList();
            if (errors.Count > 0)
                throw new InvalidOperationException("the scan could not compile src/FrozenLm: " + string.Join("; ", errors));
            var relative = tree.FilePath;
            void Add(SyntaxNode node, string problem) => sites.Add(new Site(relative,
                node.GetLocation().GetLineSpan().StartLinePosition.Line + 1, node.ToString().Split('\n')[0].Trim(), problem));

            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                if (node is ExpressionSyntax expression && !(node.Parent is MemberAccessExpressionSyntax access && access.Name == node))
                {
                    var conversion = model.GetConversion(expression);
                    if (conversion.IsUserDefined && conversion.IsImplicit &&
                        SymbolEqualityComparer.Default.Equals(conversion.MethodSymbol?.ContainingType, scalar))
                        Add(expression, "implicit conversion to Scalar (own it: a Scalar field or `using var s = value.ToScalar();`)");
                }
                if (node is InvocationExpressionSyntax or BinaryExpressionSyntax or AssignmentExpressionSyntax or PrefixUnaryExpressionSyntax
                    && model.GetSymbolInfo(node).Symbol is IMethodSymbol method)
                {
                    var definition = method.ReducedFrom ?? method.OriginalDefinition;
                    if (definition.ContainingAssembly?.Name == "TorchSharp" && creators.Contains(definition.MetadataToken))
                        Add(node, $"TorchSharp's {definition.ContainingType.Name}.{definition.Name}({string.Join(", ", definition.Parameters.Select(p => p.Type.Name))}) creates a Scalar inside (pass an owned Scalar to the overload that takes one)");
                }
                if (node is InvocationExpressionSyntax call && model.GetSymbolInfo(call).Symbol is IMethodSymbol toScalar
                    && toScalar.Name == "ToScalar" && !IsOwned(call))
                    Add(call, "ToScalar() that is neither a `using` local nor assigned to a field");
            }
        }
        return sites;
    }

    private static bool IsOwned(InvocationExpressionSyntax call)
    {
        var parent = call.Parent;
        if (parent is EqualsValueClauseSyntax { Parent: PropertyDeclarationSyntax })
            return true;
        if (parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } })
            return declaration.Parent is FieldDeclarationSyntax
                   || declaration.Parent is LocalDeclarationStatementSyntax local && local.UsingKeyword != default
                   || declaration.Parent is UsingStatementSyntax;
        return parent is AssignmentExpressionSyntax assignment && assignment.Right == call &&
               assignment.Left is IdentifierNameSyntax { Identifier.Text: var name } && name.StartsWith('_')
               || parent is AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } };
    }
}

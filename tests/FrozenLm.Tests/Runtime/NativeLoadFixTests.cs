using FrozenLm.Build;

namespace FrozenLm.Tests.Runtime;

public sealed class NativeLoadFixTests
{
    private static string OutputLibrary()
    {
        var candidates = new[]
        {
            Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so"),
            Path.Combine(AppContext.BaseDirectory, "libLibTorchSharp.so"),
        };
        return candidates.First(File.Exists);
    }

    [Fact]
    public void Given_this_system_When_the_build_ran_Then_GLIBCXX_3_4_32_is_weak_exactly_when_libstdcxx_lacks_it()
    {
        var requirement = ElfVersionNeedPatcher.ReadRequirements(File.ReadAllBytes(OutputLibrary()))
            .Single(r => r.Version == "GLIBCXX_3.4.32");
        var system = ElfVersionNeedPatcher.FindSystemLibStdCxx();
        Assert.NotNull(system);
        var systemHasIt = ElfVersionNeedPatcher.LibraryProvides(system!, "GLIBCXX_3.4.32");
        Assert.Equal(!systemHasIt, requirement.IsWeak);
        Assert.Equal("libstdc++.so.6", requirement.File);
    }

    [Fact]
    public void Given_the_original_library_When_patched_twice_Then_only_that_requirement_changes_and_the_second_pass_is_a_no_op()
    {
        var original = Path.Combine(Environment.GetEnvironmentVariable("NUGET_PACKAGES") ??
                                    Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
            "torchsharp", "0.107.0", "runtimes", "linux-x64", "native", "libLibTorchSharp.so");
        var bytes = File.ReadAllBytes(File.Exists(original) ? original : OutputLibrary());
        var before = ElfVersionNeedPatcher.ReadRequirements(bytes);
        var copy = (byte[])bytes.Clone();
        ElfVersionNeedPatcher.MarkWeak(copy, ["GLIBCXX_3.4.32"]);
        var after = ElfVersionNeedPatcher.ReadRequirements(copy);
        Assert.Equal(before.Count, after.Count);
        for (var i = 0; i < before.Count; i++)
        {
            if (before[i].Version == "GLIBCXX_3.4.32")
                Assert.True(after[i].IsWeak);
            else
                Assert.Equal(before[i].Flags, after[i].Flags);
        }
        Assert.Equal(0, ElfVersionNeedPatcher.MarkWeak(copy, ["GLIBCXX_3.4.32"]));
        var differing = bytes.Zip(copy).Count(p => p.First != p.Second);
        Assert.InRange(differing, 0, 1);
    }

    [Fact]
    public void Given_a_non_ELF_or_truncated_file_When_read_Then_a_clear_error_is_raised()
    {
        Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.ReadRequirements(new byte[100]));
        var bytes = File.ReadAllBytes(OutputLibrary());
        Assert.Throws<InvalidDataException>(() => ElfVersionNeedPatcher.ReadRequirements(bytes[..4096]));
    }

    [Fact]
    public void Given_no_system_library_to_ask_When_patched_for_a_tool_package_Then_exactly_that_requirement_becomes_weak()
    {
        // The linux-x64 tool package is patched whatever the build machine's libstdc++ (WhateverTheSystem: no system library).
        var dir = TestPaths.NewTempDir("elf");
        var lib = Path.Combine(dir, "libLibTorchSharp.so");
        var unpatched = File.ReadAllBytes(OutputLibrary());
        var original = ElfVersionNeedPatcher.ReadRequirements(unpatched);
        foreach (var r in original.Where(r => r.IsWeak && r.Version == "GLIBCXX_3.4.32"))
            unpatched[r.FlagsOffset] = (byte)(unpatched[r.FlagsOffset] & ~ElfVersionNeedPatcher.VerFlagWeak);
        File.WriteAllBytes(lib, unpatched);

        var message = ElfVersionNeedPatcher.PatchIfNeeded(lib, ["GLIBCXX_3.4.32"], systemLibStdCxx: null);

        Assert.StartsWith("marked GLIBCXX_3.4.32 weak (1 entry)", message);
        var after = ElfVersionNeedPatcher.ReadRequirements(File.ReadAllBytes(lib));
        Assert.True(after.Single(r => r.Version == "GLIBCXX_3.4.32").IsWeak);
        Assert.Equal(original.Where(r => r.Version != "GLIBCXX_3.4.32").Select(r => r.Flags),
            after.Where(r => r.Version != "GLIBCXX_3.4.32").Select(r => r.Flags));
    }

    [Fact]
    public void Given_a_system_that_provides_the_version_When_asked_to_patch_Then_the_file_is_left_untouched()
    {
        var dir = TestPaths.NewTempDir("elf");
        var lib = Path.Combine(dir, "lib.so");
        File.Copy(OutputLibrary(), lib);
        var fakeSystem = Path.Combine(dir, "libstdc++.so.6");
        File.WriteAllBytes(fakeSystem, "\0GLIBCXX_3.4.32\0"u8.ToArray());
        var before = File.ReadAllBytes(lib);
        var message = ElfVersionNeedPatcher.PatchIfNeeded(lib, ["GLIBCXX_3.4.32"], fakeSystem);
        Assert.StartsWith("not needed", message);
        Assert.Equal(before, File.ReadAllBytes(lib));
    }
}

using System.Diagnostics;
using FrozenLm.Data.PointClouds;

namespace FrozenLm.Tests.Reliability;

/// <summary>
/// A 423-byte HDF5 file (found by afl-fuzz) whose link-name length makes PureHDF allocate a 1.5 GiB buffer before the
/// read past the end fails. Without a heap limit that is address space only; with one (containers, the fuzzer) the
/// allocation fails. Either way the user sees one line naming the file and exit code 2. The fuzz corpora of such
/// readers are replayed under the same limit.
/// </summary>
public sealed class HeapLimitedReadTests
{
    private static readonly string CorruptFile = TestPaths.Fixture("h5", "corrupt-link-name-length.h5");

    [Fact]
    public void Given_the_file_When_read_in_process_Then_it_is_one_user_error_naming_it()
    {
        var e = Assert.Throws<UserInputException>(() => H5PointCloudFile.Read(CorruptFile));
        Assert.Contains(CorruptFile, e.Message);
        Assert.Contains("not a readable HDF5 file", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task Given_the_file_in_a_modelnet40_folder_When_train_runs_under_a_128_MiB_heap_limit_Then_it_exits_2_with_one_line()
    {
        var dir = TestPaths.NewTempDir("h5-heap-limit");
        var data = Path.Combine(dir, "data");
        Directory.CreateDirectory(data);
        File.Copy(CorruptFile, Path.Combine(data, "ply_data_train0.h5"));
        File.Copy(CorruptFile, Path.Combine(data, "ply_data_test0.h5"));
        File.WriteAllText(Path.Combine(data, ModelNet40H5Reader.TrainList), "ply_data_train0.h5\n");
        File.WriteAllText(Path.Combine(data, ModelNet40H5Reader.TestList), "ply_data_test0.h5\n");

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { CliDll(), "train", "--task", "pointcloud", "--data", data, "--out", Path.Combine(dir, "run"), "--epochs", "1" })
            info.ArgumentList.Add(a);
        info.Environment["DOTNET_GCHeapHardLimit"] = "0x8000000";
        info.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var line = Assert.Single(lines);
        Assert.Contains(Path.Combine(data, "ply_data_train0.h5"), line);
        Assert.Contains("asks for more memory than the heap allows", line);
        Assert.DoesNotContain("   at ", await stdout + stderr);
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public async Task Given_the_corpus_of_a_target_with_untouched_buffers_When_replayed_under_a_128_MiB_heap_limit_Then_there_is_no_finding(string target)
    {
        var fuzz = Path.Combine(AppContext.BaseDirectory, "fuzz");
        var folders = new[] { "corpus", "regressions" }.Select(k => Path.Combine(fuzz, k, target)).Where(Directory.Exists).ToList();
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Built("fuzz", "FrozenLm.Fuzz", "FrozenLm.Fuzz.dll"), "--replay", target }.Concat(folders))
            info.ArgumentList.Add(a);
        info.Environment["DOTNET_GCHeapHardLimit"] = "0x8000000";
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        var inputs = folders.Sum(f => Directory.GetFiles(f, "*", SearchOption.AllDirectories).Length);
        Assert.True(inputs > 100, $"{inputs} inputs");
        Assert.Equal(0, process.ExitCode);
        Assert.EndsWith($"{target}: {inputs} inputs, 0 findings", stdout.TrimEnd());
        Assert.Equal("", (await stderr).Trim());
    }

    public static TheoryData<string> Targets() => [.. FuzzCorpusReplayTests.UntouchedBufferTargets];

    private static string CliDll() => Built("src", "FrozenLm.Cli", "FrozenLm.Cli.dll");

    private static string Built(string folder, string project, string file)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var dll = Path.Combine(dir.FullName, folder, project, "bin", "Release", "net10.0", file);
            if (File.Exists(dll))
                return dll;
        }
        throw new InvalidOperationException($"{file} (Release) not found above " + AppContext.BaseDirectory);
    }
}

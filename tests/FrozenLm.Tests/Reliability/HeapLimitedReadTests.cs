using System.Diagnostics;
using FrozenLm.Data.PointClouds;

namespace FrozenLm.Tests.Reliability;

/// <summary>
/// A 423-byte HDF5 file (found by afl-fuzz) whose link-name length makes PureHDF allocate a 1.5 GiB buffer before the
/// read past the end fails. Without a heap limit that is address space only; with one (containers, the fuzzer) the
/// allocation fails. Either way the user sees one line naming the file and exit code 2.
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

    private static string CliDll()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var dll = Path.Combine(dir.FullName, "src", "FrozenLm.Cli", "bin", "Release", "net10.0", "FrozenLm.Cli.dll");
            if (File.Exists(dll))
                return dll;
        }
        throw new InvalidOperationException("FrozenLm.Cli.dll (Release) not found above " + AppContext.BaseDirectory);
    }
}

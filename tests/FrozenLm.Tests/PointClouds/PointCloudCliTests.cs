using FrozenLm.Cli;

namespace FrozenLm.Tests.PointClouds;

public sealed class PointCloudCliTests
{
    private static (int Code, string Out, string Err) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void GivenAMissingDataFolder_WhenTrainingPointClouds_ThenOneLineUserErrorAndExit2()
    {
        var dir = TestPaths.NewTempDir("pc-cli");
        var missing = Path.Combine(dir, "nope");

        var (code, _, err) = Run("train", "--task", "pointcloud", "--data", missing, "--out", Path.Combine(dir, "run"));

        Assert.Equal(CliApp.ExitUserError, code);
        Assert.Equal($"error: {missing}: not found: expected 'shapes' or a data folder", err.Trim());
    }

    [Fact]
    public void GivenAModelNetFolderWithABadH5File_WhenTraining_ThenTheErrorNamesThatFile()
    {
        var dir = TestPaths.NewTempDir("pc-cli-h5");
        var bad = Path.Combine(dir, "ply_data_train0.h5");
        File.WriteAllText(bad, "garbage");
        File.WriteAllLines(Path.Combine(dir, "train_files.txt"), ["ply_data_train0.h5"]);
        File.WriteAllLines(Path.Combine(dir, "test_files.txt"), ["ply_data_train0.h5"]);

        var (code, _, err) = Run("train", "--task", "pointcloud", "--data", dir, "--out", Path.Combine(dir, "run"));

        Assert.Equal(CliApp.ExitUserError, code);
        Assert.StartsWith($"error: {bad}: not a readable HDF5 file", err.Trim());
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void GivenAnUnknownVariant_WhenTraining_ThenTheFlagIsNamed()
    {
        var dir = TestPaths.NewTempDir("pc-cli-var");
        Directory.CreateDirectory(Path.Combine(dir, "main_split"));

        var (code, _, err) = Run("train", "--task", "pointcloud", "--data", dir, "--variant", "t25", "--out", Path.Combine(dir, "run"));

        Assert.Equal(CliApp.ExitUserError, code);
        Assert.StartsWith("error: --variant: unknown ScanObjectNN variant 't25'", err.Trim());
    }
}

using System.Text;
using FrozenLm.Training.TensorBoard;

namespace FrozenLm.Tests.Training.TensorBoard;

public sealed class TensorBoardWriterTests
{
    [Fact]
    public void Given_the_standard_check_input_Then_crc32c_matches_the_published_value()
    {
        Assert.Equal(0xE3069283u, Crc32C.Compute(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0x8A9136AAu, Crc32C.Compute(new byte[32]));
    }

    [Fact]
    public void Given_scalars_and_a_histogram_When_written_Then_the_file_parses_with_valid_crcs_tags_steps_and_values()
    {
        var dir = TestPaths.NewTempDir("tb-writer");
        string path;
        using (var writer = new TensorBoardWriter(dir))
        {
            path = writer.FilePath;
            writer.Scalar("train/loss", 2.5, 1);
            writer.Scalar("train/lr", 1e-3, 2);
            writer.Histogram("weights/w", [1f, 2f, 2f, 3f, -1f], 2, buckets: 4);
        }
        Assert.StartsWith("events.out.tfevents.", Path.GetFileName(path));
        var events = TensorBoardReader.Read(path);
        Assert.Equal(["train/loss", "train/lr", "weights/w"], events.Select(e => e.Tag));
        Assert.Equal(2.5, events[0].Scalar);
        Assert.Equal(1L, events[0].Step);
        Assert.Equal(1e-3, events[1].Scalar!.Value, 9);
        Assert.Equal(5, events[2].HistogramCount);

        var bytes = File.ReadAllBytes(path);
        bytes[^3] ^= 0x40;
        var damaged = Path.Combine(dir, "damaged");
        File.WriteAllBytes(damaged, bytes);
        var e = Assert.Throws<UserInputException>(() => TensorBoardReader.Read(damaged));
        Assert.Contains("CRC mismatch", e.Problem);
        File.WriteAllBytes(damaged, bytes[..^2]);
        Assert.Contains("truncated", Assert.Throws<UserInputException>(() => TensorBoardReader.Read(damaged)).Problem);
    }
}

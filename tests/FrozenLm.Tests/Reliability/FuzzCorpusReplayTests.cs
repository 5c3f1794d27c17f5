using System.Diagnostics;
using FrozenLm.Fuzz.Targets;
using Xunit.Abstractions;

namespace FrozenLm.Tests.Reliability;

/// <summary>
/// Replays the committed fuzz corpora (fuzz/corpus/TARGET: seeds and the inputs afl-fuzz kept for new coverage) and
/// the inputs that once crashed a reader (fuzz/regressions/TARGET) through the same targets the fuzzer runs: every
/// input is read or rejected with a one-line <see cref="UserInputException"/>, none throws anything else or hangs.
/// </summary>
public sealed class FuzzCorpusReplayTests(ITestOutputHelper output)
{
    private static readonly string FuzzRoot = Path.Combine(AppContext.BaseDirectory, "fuzz");

    /// <summary>One input may take this long on a shared 2-core machine; afl-fuzz calls 5 s a hang.</summary>
    private static readonly TimeSpan HangBound = TimeSpan.FromSeconds(10);

    /// <summary>
    /// What one small input may allocate. afl-fuzz runs the targets with a 1 GiB GC heap limit, so an allocation sized
    /// by a corrupt header is an OutOfMemoryException there; here it would succeed lazily, so the bytes are counted.
    /// </summary>
    private const long AllocationBound = 256L << 20;

    /// <summary>
    /// Targets whose third-party parser sizes a buffer from a length field before reading into it (PureHDF): a corrupt
    /// length allocates address space that is never touched, so counting bytes says nothing. Their corpora are replayed
    /// under a 128 MiB GC heap limit instead (<see cref="HeapLimitedReadTests"/>), where such an allocation fails and
    /// must still be a one-line error.
    /// </summary>
    public static readonly string[] UntouchedBufferTargets = ["h5"];

    public static TheoryData<string> Targets() => [.. FuzzTargets.All.Select(t => t.Name)];

    private static string[] Inputs(string kind, string target)
    {
        var dir = Path.Combine(FuzzRoot, kind, target);
        return Directory.Exists(dir) ? Directory.GetFiles(dir).Order(StringComparer.Ordinal).ToArray() : [];
    }

    [Fact]
    public void Every_target_has_a_seed_corpus_and_every_corpus_folder_a_target()
    {
        var folders = Directory.GetDirectories(Path.Combine(FuzzRoot, "corpus")).Select(d => Path.GetFileName(d)!).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(FuzzTargets.All.Select(t => t.Name).Order(StringComparer.Ordinal).ToList(), folders);
        foreach (var target in FuzzTargets.All)
            Assert.Contains(Inputs("corpus", target.Name), f => Path.GetFileName(f).StartsWith("seed-", StringComparison.Ordinal));
        foreach (var dir in Directory.Exists(Path.Combine(FuzzRoot, "regressions")) ? Directory.GetDirectories(Path.Combine(FuzzRoot, "regressions")) : [])
            Assert.NotNull(FuzzTargets.Find(Path.GetFileName(dir)));
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Given_the_corpus_of_a_target_When_replayed_Then_each_input_is_read_or_rejected_in_one_line(string name)
    {
        var target = FuzzTargets.Find(name)!;
        using var scratch = new FuzzScratch(Path.GetTempPath());
        var (read, rejected) = (0, 0);
        foreach (var file in Inputs("corpus", name).Concat(Inputs("regressions", name)))
        {
            var started = Stopwatch.StartNew();
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                target.Run(File.ReadAllBytes(file), scratch);
                read++;
            }
            catch (Exception e) when (FuzzVerdict.IsUserError(e))
            {
                Assert.DoesNotContain('\n', e.Message.Trim());
                rejected++;
            }
            catch (Exception e)
            {
                Assert.Fail($"{name} input {Path.GetFileName(file)}: {e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            }
            allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
            Assert.True(allocated < AllocationBound || UntouchedBufferTargets.Contains(name), $"{name} input {Path.GetFileName(file)} allocated {allocated >> 20} MiB");
            Assert.True(started.Elapsed < HangBound, $"{name} input {Path.GetFileName(file)} took {started.Elapsed.TotalSeconds:F1} s");
        }
        output.WriteLine($"{name}: {read} read, {rejected} rejected");
        Assert.True(read > 0, $"no input of the {name} corpus is read successfully: the seeds no longer reach the reader's end");
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Given_an_input_that_once_crashed_a_reader_When_replayed_Then_it_is_one_user_error_naming_the_file(string name)
    {
        var target = FuzzTargets.Find(name)!;
        using var scratch = new FuzzScratch(Path.GetTempPath());
        foreach (var file in Inputs("regressions", name))
        {
            var e = Assert.ThrowsAny<Exception>(() => target.Run(File.ReadAllBytes(file), scratch));
            Assert.True(FuzzVerdict.IsUserError(e), $"{name} regression {Path.GetFileName(file)}: {e.GetType().Name}: {e.Message}");
            Assert.Contains(scratch.Root, e.Message, StringComparison.Ordinal);
        }
    }
}

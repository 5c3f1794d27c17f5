using System.Text.RegularExpressions;
using FrozenLm.Cli.Commands;
using FrozenLm.Comparison;
using FrozenLm.Comparison.Parallel;

namespace FrozenLm.Tests.Comparison.ScaleOut;

/// <summary>
/// The live console of <c>compare --parallel</c> as a terminal shows it: its output is replayed through a small
/// emulator of the two escape sequences it uses (cursor to the start of the line n lines up, erase to the end).
/// </summary>
public sealed class CompareParallelConsoleTests
{
    private static readonly CompareSettings Settings = new() { Variants = ["none", "frozen"], Seeds = 2 };

    private static CompareRunRequest Run(string variant, int seed) => new(Settings, variant, seed);

    private static ParallelProgress Progress(int done, int waiting, params RunningRun[] running) =>
        new(4, done, waiting, running, TimeSpan.FromSeconds(65), done == 0 ? null : TimeSpan.FromSeconds(130));

    [Fact]
    public void Given_a_terminal_When_runs_start_progress_and_finish_Then_the_screen_holds_the_permanent_lines_and_one_live_line_per_running_run()
    {
        var output = new StringWriter();
        var console = new CompareParallelConsole(output, live: true, width: () => 200);
        var none = Run("none", 0);
        var frozen = Run("frozen", 0);

        console.RunLaunched(none, 0, 101);
        console.RunLaunched(frozen, 1, 102);
        console.Tick(Progress(0, 2, new RunningRun(none, 101, TimeSpan.FromSeconds(3), 0.1, "epoch 1/2"),
            new RunningRun(frozen, 102, TimeSpan.FromSeconds(3), 0.1, "epoch 1/2")));
        console.RunOutput(none, "epoch 1/2 top1 40.0");
        console.Tick(Progress(0, 2, new RunningRun(none, 101, TimeSpan.FromSeconds(9), 0.5, "epoch 2/2"),
            new RunningRun(frozen, 102, TimeSpan.FromSeconds(9), 0.5, "epoch 1/2 top1 41.0")));
        console.RunExited(none, 0, TimeSpan.FromSeconds(12));
        Assert.DoesNotContain(Terminal.Render(output.ToString()), l => l.StartsWith("  > none", StringComparison.Ordinal));
        console.Tick(Progress(1, 2, new RunningRun(frozen, 102, TimeSpan.FromSeconds(12), 0.6, "epoch 2/2")));

        var screen = Terminal.Render(output.ToString());
        Assert.Equal(
        [
            "[1] none seed 0: started (pid 101)",
            "[2] frozen seed 0: started (pid 102)",
            "    none seed 0: done in 12 s",
            "  > frozen seed 0 [12 s] epoch 2/2",
            "1/4 runs done, 1 running, 2 waiting; elapsed 1 min 5 s, ETA 2 min 10 s",
        ], screen);
    }

    [Fact]
    public void Given_redirected_output_When_runs_progress_Then_it_writes_plain_prefixed_lines_and_no_escape_sequences()
    {
        var output = new StringWriter();
        var console = new CompareParallelConsole(output, live: false, width: () => throw new InvalidOperationException("no terminal"));
        var none = Run("none", 1);

        console.RunLaunched(none, 2, 7);
        console.Tick(Progress(0, 3, new RunningRun(none, 7, TimeSpan.FromSeconds(1), 0.0, "")));
        console.RunOutput(none, "  epoch 1/2 top1 40.0  ");
        console.RunExited(none, 3, TimeSpan.FromSeconds(2));
        console.Tick(Progress(1, 3));

        var text = output.ToString();
        Assert.DoesNotContain('\u001b', text);
        Assert.Equal(
        [
            "[3] none seed 1: started (pid 7)",
            "    none seed 1 | epoch 1/2 top1 40.0",
            "    none seed 1: stopped (exit 3)",
            "progress: 1/4 runs done, 0 running, 3 waiting; elapsed 1 min 5 s, ETA 2 min 10 s",
        ], text.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void Given_a_narrow_terminal_When_a_run_line_is_long_Then_the_live_line_is_cut_to_the_width()
    {
        var output = new StringWriter();
        var console = new CompareParallelConsole(output, live: true, width: () => 50);
        var none = Run("none", 0);
        console.Tick(Progress(0, 3, new RunningRun(none, 1, TimeSpan.FromSeconds(1), 0.1, new string('x', 200))));

        var screen = Terminal.Render(output.ToString());
        Assert.Equal(49, screen[0].Length);
    }

    /// <summary>Replays text with <c>ESC[nF</c> (cursor n lines up, column 0) and <c>ESC[J</c> (erase from the cursor down).</summary>
    private static class Terminal
    {
        public static IReadOnlyList<string> Render(string text)
        {
            var lines = new List<char[]> { Array.Empty<char>() };
            int row = 0, column = 0;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c == '\u001b')
                {
                    var match = Regex.Match(text[i..], @"^\u001b\[(\d*)([FJ])");
                    Assert.True(match.Success, "unknown escape sequence at " + i);
                    if (match.Groups[2].Value == "F")
                    {
                        row -= int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                        column = 0;
                        Assert.True(row >= 0, "cursor moved above the first line");
                    }
                    else
                    {
                        lines[row] = lines[row][..column];
                        lines.RemoveRange(row + 1, lines.Count - row - 1);
                    }
                    i += match.Length - 1;
                }
                else if (c == '\n')
                {
                    row++;
                    column = 0;
                    if (lines.Count <= row)
                        lines.Add(Array.Empty<char>());
                }
                else
                {
                    var line = lines[row];
                    if (line.Length <= column)
                        Array.Resize(ref line, column + 1);
                    line[column++] = c;
                    lines[row] = line;
                }
            }
            Assert.Equal(0, column);
            return lines.Take(row).Select(l => new string(l)).ToList();
        }
    }
}

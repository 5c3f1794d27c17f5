using System.Globalization;
using FrozenLm.Comparison;
using FrozenLm.Comparison.Parallel;
using FrozenLm.Reports;

namespace FrozenLm.Cli.Commands;

/// <summary>
/// The console of <c>compare --parallel</c>: on a terminal, one live line per running run and one for the whole grid
/// (runs done, elapsed, ETA) under the permanent lines of started and finished runs; redirected, plain lines only
/// (each child's lines prefixed with its run).
/// </summary>
internal sealed class CompareParallelConsole : IParallelCompareObserver
{
    private readonly TextWriter _out;
    private readonly bool _live;
    private readonly Func<int> _width;
    private readonly Lock _gate = new();
    private int _liveLines;
    private ParallelProgress? _last;

    public CompareParallelConsole(TextWriter output, bool live, Func<int>? width = null)
    {
        _out = output;
        _live = live;
        _width = width ?? TerminalWidth;
    }

    /// <summary>Live lines only when writing to the process's own console, not redirected.</summary>
    public static bool IsTerminal(TextWriter output) => ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;

    /// <summary>The console's width; where the terminal reports none (a pseudo-terminal without a size), COLUMNS or 120.</summary>
    private static int TerminalWidth() =>
        Console.WindowWidth is > 0 and var width ? width
        : int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var columns) && columns > 0 ? columns
        : 120;

    private static string Label(CompareRunRequest run) => $"{run.Variant} seed {run.Seed}";

    public void RunLaunched(CompareRunRequest run, int index, int pid) =>
        Permanent($"[{index + 1}] {Label(run)}: started (pid {pid})");

    public void RunOutput(CompareRunRequest run, string line)
    {
        if (_live)
            Redraw();
        else
            Permanent($"    {Label(run)} | {line.Trim()}");
    }

    public void RunExited(CompareRunRequest run, int exitCode, TimeSpan elapsed)
    {
        lock (_gate)
        {
            if (_last is not null)
                _last = _last with { Running = _last.Running.Where(r => r.Run != run).ToList() };
            Permanent(exitCode == 0
                ? string.Create(CultureInfo.InvariantCulture, $"    {Label(run)}: done in {elapsed.TotalSeconds:F0} s")
                : $"    {Label(run)}: stopped (exit {exitCode})");
        }
    }

    public void Tick(ParallelProgress progress)
    {
        lock (_gate)
        {
            var finishedRun = _last is not null && progress.Done > _last.Done;
            _last = progress;
            if (_live)
                Redraw();
            else if (finishedRun)
                _out.WriteLine("progress: " + Overall(progress));
        }
    }

    private void Permanent(string line)
    {
        lock (_gate)
        {
            Erase();
            _out.WriteLine(line);
            DrawLive();
        }
    }

    private void Redraw()
    {
        lock (_gate)
        {
            Erase();
            DrawLive();
        }
    }

    private void Erase()
    {
        if (!_live || _liveLines == 0)
            return;
        _out.Write($"\u001b[{_liveLines}F\u001b[J");
        _liveLines = 0;
    }

    private void DrawLive()
    {
        if (!_live || _last is not { } p)
            return;
        var width = Math.Max(40, _width() - 1);
        foreach (var r in p.Running)
        {
            var line = $"  > {Label(r.Run)} [{ReportFormat.Duration(r.Elapsed.TotalSeconds)}] {r.LastLine}";
            _out.WriteLine(line.Length > width ? line[..width] : line);
        }
        _out.WriteLine(Overall(p));
        _out.Flush();
        _liveLines = p.Running.Count + 1;
    }

    private static string Overall(ParallelProgress p) =>
        $"{p.Done}/{p.Total} runs done, {p.Running.Count} running, {p.Waiting} waiting; " +
        $"elapsed {ReportFormat.Duration(p.Elapsed.TotalSeconds)}, " +
        $"ETA {(p.Remaining is { } r ? ReportFormat.Duration(r.TotalSeconds) : "after the first epoch")}";
}

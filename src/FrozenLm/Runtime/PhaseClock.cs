using System.Diagnostics;

namespace FrozenLm.Runtime;

/// <summary>
/// Wall and CPU (user + system of the whole process) seconds per named phase of a run. Phases nest and are exclusive:
/// a phase's time leaves out the phases measured inside it, so the phases add up to the measured total. The clock a
/// run installs on its thread is <see cref="Current"/>; code deep in a run reports through <see cref="Enter"/>.
/// </summary>
public sealed class PhaseClock
{
    [ThreadStatic]
    private static PhaseClock? _current;

    private readonly Dictionary<string, PhaseTime> _totals = new(StringComparer.Ordinal);
    private readonly Stack<Frame> _open = new();
    private readonly Process _process = Process.GetCurrentProcess();

    /// <summary>The clock installed on this thread, if any.</summary>
    public static PhaseClock? Current => _current;

    /// <summary>Starts <paramref name="phase"/> on the current thread's clock; null (nothing measured) without one.</summary>
    public static IDisposable? Enter(string phase) => _current?.Measure(phase);

    /// <summary>Makes this the thread's <see cref="Current"/> clock until the returned handle is disposed.</summary>
    public IDisposable Install()
    {
        var previous = _current;
        _current = this;
        return new Handle(() => _current = previous);
    }

    /// <summary>Measures <paramref name="phase"/> until the returned handle is disposed.</summary>
    public IDisposable Measure(string phase)
    {
        _open.Push(new Frame(phase, Stopwatch.GetTimestamp(), CpuSeconds()));
        return new Handle(Close);
    }

    /// <summary>Seconds measured per phase so far.</summary>
    public IReadOnlyDictionary<string, PhaseTime> Totals => _totals;

    /// <summary>Wraps <paramref name="source"/> so that producing each item counts as <paramref name="phase"/>.</summary>
    public static IEnumerable<T> Timed<T>(IEnumerable<T> source, string phase)
    {
        using var enumerator = source.GetEnumerator();
        while (true)
        {
            using (Enter(phase))
            {
                if (!enumerator.MoveNext())
                    yield break;
            }
            yield return enumerator.Current;
        }
    }

    private void Close()
    {
        var frame = _open.Pop();
        var wall = Stopwatch.GetElapsedTime(frame.StartTicks).TotalSeconds;
        var cpu = CpuSeconds() - frame.StartCpu;
        var own = new PhaseTime(wall - frame.ChildWall, cpu - frame.ChildCpu);
        _totals[frame.Phase] = _totals.TryGetValue(frame.Phase, out var had) ? had + own : own;
        if (_open.TryPeek(out var parent))
        {
            parent.ChildWall += wall;
            parent.ChildCpu += cpu;
        }
    }

    private double CpuSeconds()
    {
        _process.Refresh();
        return _process.TotalProcessorTime.TotalSeconds;
    }

    private sealed class Frame(string phase, long startTicks, double startCpu)
    {
        public string Phase { get; } = phase;
        public long StartTicks { get; } = startTicks;
        public double StartCpu { get; } = startCpu;
        public double ChildWall { get; set; }
        public double ChildCpu { get; set; }
    }

    private sealed class Handle(Action close) : IDisposable
    {
        private Action? _close = close;

        public void Dispose()
        {
            _close?.Invoke();
            _close = null;
        }
    }
}

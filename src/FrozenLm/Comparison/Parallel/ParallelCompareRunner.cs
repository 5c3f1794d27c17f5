using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace FrozenLm.Comparison.Parallel;

/// <summary>
/// Trains the pending runs of a comparison grid N at a time, each in its own child process
/// (<see cref="ChildRunCommand"/>) with its share of the CPU threads. A run's result does not depend on which process
/// trains it, so the grid ends bit-identical to training it in one process with the same threads per run. On
/// cancellation every child is interrupted (SIGINT, then killed after a grace period) and every run stays resumable.
/// </summary>
public sealed partial class ParallelCompareRunner
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan InterruptGrace = TimeSpan.FromSeconds(20);
    private const int TailLines = 12;

    private readonly ChildRunCommand _child;
    private readonly int _parallel;
    private readonly int _threadsPerRun;
    private readonly IParallelCompareObserver _observer;

    public ParallelCompareRunner(ChildRunCommand child, int parallel, int threadsPerRun, IParallelCompareObserver observer)
    {
        if (parallel < 1)
            throw new ArgumentOutOfRangeException(nameof(parallel), parallel, "must be at least 1");
        if (threadsPerRun < 1)
            throw new ArgumentOutOfRangeException(nameof(threadsPerRun), threadsPerRun, "must be at least 1");
        _child = child;
        _parallel = parallel;
        _threadsPerRun = threadsPerRun;
        _observer = observer;
    }

    /// <summary>
    /// Trains every run of <paramref name="plan"/> that is not finished in <paramref name="outDir"/> (whose
    /// compare-grid.json must describe the plan's settings). Throws when a child fails, after the others ended.
    /// </summary>
    public void Run(IReadOnlyList<CompareRunRequest> plan, string outDir, CancellationToken cancellationToken)
    {
        var waiting = new Queue<int>(Enumerable.Range(0, plan.Count).Where(i => !CompareRunner.IsDone(plan[i], outDir)));
        var done = plan.Count - waiting.Count;
        var running = new List<Child>();
        var durations = new List<TimeSpan>();
        var failures = new List<string>();
        var userError = false;
        var clock = Stopwatch.StartNew();
        var lastTick = -TickInterval;
        using var interrupt = cancellationToken.Register(() =>
        {
            lock (running)
                foreach (var c in running)
                    c.Interrupt();
        });
        try
        {
            while (waiting.Count > 0 || running.Count > 0)
            {
                while (!cancellationToken.IsCancellationRequested && failures.Count == 0 && running.Count < _parallel && waiting.Count > 0)
                {
                    var index = waiting.Dequeue();
                    var child = Child.Start(_child, plan[index], index, outDir, _threadsPerRun, _observer);
                    lock (running)
                        running.Add(child);
                    _observer.RunLaunched(plan[index], index, child.Pid);
                }
                if (cancellationToken.IsCancellationRequested || failures.Count > 0)
                    waiting.Clear();
                foreach (var child in running.Where(c => c.WaitForExit(TimeSpan.FromMilliseconds(200 / Math.Max(1, running.Count)))).ToList())
                {
                    lock (running)
                        running.Remove(child);
                    var code = child.ExitCode;
                    child.Dispose();
                    _observer.RunExited(child.Run, code, child.Elapsed);
                    if (code == 0)
                    {
                        done++;
                        durations.Add(child.Elapsed);
                    }
                    else if (!cancellationToken.IsCancellationRequested)
                    {
                        userError |= code == 2;
                        failures.Add($"{child.Run.Variant} seed {child.Run.Seed} (exit {code}: {child.LastErrorLine()})");
                    }
                }
                if (clock.Elapsed - lastTick >= TickInterval)
                {
                    lastTick = clock.Elapsed;
                    _observer.Tick(Progress(plan.Count, done, waiting.Count, running, durations, clock.Elapsed));
                }
                if (cancellationToken.IsCancellationRequested)
                    foreach (var child in running.Where(c => c.InterruptedFor > InterruptGrace))
                        child.Kill();
            }
        }
        finally
        {
            foreach (var child in running)
            {
                child.Kill();
                child.Dispose();
            }
        }
        cancellationToken.ThrowIfCancellationRequested();
        _observer.Tick(Progress(plan.Count, done, 0, [], durations, clock.Elapsed));
        if (failures.Count > 0)
        {
            var message = string.Join("; ", failures);
            if (userError)
                throw new UserInputException(failures.Count == 1 ? "a run" : $"{failures.Count} runs", "failed: " + message);
            throw new InvalidOperationException($"{failures.Count} run{(failures.Count == 1 ? "" : "s")} failed: {message}");
        }
    }

    private ParallelProgress Progress(int total, int done, int waiting, IReadOnlyList<Child> running, List<TimeSpan> durations, TimeSpan elapsed)
    {
        var runs = running.Select(c => new RunningRun(c.Run, c.Pid, c.Elapsed, c.Fraction, c.LastOutputLine)).ToList();
        double? perRun = durations.Count > 0
            ? durations.Average(d => d.TotalSeconds)
            : runs.Where(r => r.Fraction > 0).Select(r => r.Elapsed.TotalSeconds / r.Fraction).DefaultIfEmpty(double.NaN).Average() is var guess && double.IsFinite(guess)
                ? guess
                : null;
        TimeSpan? remaining = perRun is { } d
            ? TimeSpan.FromSeconds((waiting * d + runs.Sum(r => Math.Max(0, d - r.Elapsed.TotalSeconds))) / _parallel)
            : null;
        return new ParallelProgress(total, done, waiting, runs, elapsed, remaining);
    }

    [GeneratedRegex(@"epoch (\d+)/(\d+)")]
    private static partial Regex EpochLine();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);

    private sealed class Child : IDisposable
    {
        private const int SigInt = 2;
        private readonly Process _process;
        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly Queue<string> _tail = new();
        private readonly IParallelCompareObserver _observer;
        private Stopwatch? _interrupted;
        private string? _lastError;

        private Child(CompareRunRequest run, Process process, IParallelCompareObserver observer)
        {
            Run = run;
            _process = process;
            _observer = observer;
        }

        public CompareRunRequest Run { get; }
        public int Pid => _process.Id;
        public TimeSpan Elapsed => _clock.Elapsed;
        public double Fraction { get; private set; }
        public string LastOutputLine { get; private set; } = "starting";
        public int ExitCode => _process.ExitCode;
        public TimeSpan InterruptedFor => _interrupted?.Elapsed ?? TimeSpan.Zero;

        public static Child Start(ChildRunCommand command, CompareRunRequest run, int index, string outDir, int threads, IParallelCompareObserver observer)
        {
            var process = new Process { StartInfo = command.StartInfo(outDir, run.Variant, run.Seed, threads) };
            var child = new Child(run, process, observer);
            process.OutputDataReceived += (_, e) => child.Line(e.Data, error: false);
            process.ErrorDataReceived += (_, e) => child.Line(e.Data, error: true);
            process.Start();
            process.StandardInput.Close();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return child;
        }

        private void Line(string? line, bool error)
        {
            if (string.IsNullOrWhiteSpace(line))
                return;
            lock (_tail)
            {
                _tail.Enqueue(line);
                if (_tail.Count > TailLines)
                    _tail.Dequeue();
                if (error && line.StartsWith("error:", StringComparison.Ordinal))
                    _lastError = line;
                LastOutputLine = line.Trim();
                if (EpochLine().Match(line) is { Success: true } m)
                    Fraction = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) /
                               Math.Max(1, double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture));
            }
            _observer.RunOutput(Run, line);
        }

        public bool WaitForExit(TimeSpan timeout)
        {
            if (!_process.WaitForExit(timeout))
                return false;
            _process.WaitForExit(); // drains the redirected output
            return true;
        }

        public string LastErrorLine()
        {
            lock (_tail)
                return _lastError ?? (_tail.Count > 0 ? _tail.Last() : "no output");
        }

        public void Interrupt()
        {
            _interrupted ??= Stopwatch.StartNew();
            if (_process.HasExited)
                return;
            if (OperatingSystem.IsWindows() || SendSignal(_process.Id, SigInt) != 0)
                Kill();
        }

        public void Dispose() => _process.Dispose();

        public void Kill()
        {
            try
            {
                if (!_process.HasExited)
                    _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }
        }
    }
}

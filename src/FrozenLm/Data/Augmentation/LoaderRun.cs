using System.Runtime.ExceptionServices;

namespace FrozenLm.Data.Augmentation;

/// <summary>
/// Builds items 0..Total-1 on background threads, at most <c>prefetch</c> ahead of the consumer, and hands them out
/// in order. Each worker gets its own build function (and so its own buffers). Disposing stops the workers and disposes items built but not taken.
/// </summary>
internal sealed class LoaderRun<T> : IDisposable where T : class
{
    private readonly object _gate = new();
    private readonly Dictionary<int, T> _ready = [];
    private readonly int _prefetch;
    private readonly Func<Func<int, T>> _newWorker;
    private readonly List<Thread> _threads = [];
    private int _next;
    private int _consumed;
    private bool _stopped;
    private Exception? _error;

    public LoaderRun(int total, int prefetch, Func<Func<int, T>> newWorker)
    {
        Total = total;
        _prefetch = Math.Max(1, prefetch);
        _newWorker = newWorker;
    }

    public int Total { get; }

    public void Start(int workers)
    {
        for (var w = 0; w < Math.Min(workers, Math.Max(1, Total)); w++)
        {
            var thread = new Thread(Work) { IsBackground = true, Name = $"image-loader-{w}" };
            _threads.Add(thread);
            thread.Start();
        }
    }

    /// <summary>Waits for item <paramref name="index"/> (items must be taken in order) and rethrows a worker failure.</summary>
    public T Take(int index)
    {
        lock (_gate)
        {
            while (true)
            {
                if (_error is not null)
                    ExceptionDispatchInfo.Throw(_error);
                if (_ready.Remove(index, out var item))
                {
                    _consumed = index + 1;
                    Monitor.PulseAll(_gate);
                    return item;
                }
                ObjectDisposedException.ThrowIf(_stopped, this);
                Monitor.Wait(_gate);
            }
        }
    }

    private void Work()
    {
        try
        {
            var build = _newWorker();
            while (true)
            {
                int index;
                lock (_gate)
                {
                    while (!_stopped && _next < Total && _next >= _consumed + _prefetch)
                        Monitor.Wait(_gate);
                    if (_stopped || _next >= Total)
                        return;
                    index = _next++;
                }
                var item = build(index);
                lock (_gate)
                {
                    if (_stopped)
                    {
                        (item as IDisposable)?.Dispose();
                        return;
                    }
                    _ready[index] = item;
                    Monitor.PulseAll(_gate);
                }
            }
        }
        catch (Exception e)
        {
            lock (_gate)
            {
                _error ??= e;
                Monitor.PulseAll(_gate);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopped = true;
            Monitor.PulseAll(_gate);
        }
        foreach (var thread in _threads)
        {
            if (thread != Thread.CurrentThread)
                thread.Join();
        }
        lock (_gate)
        {
            foreach (var item in _ready.Values)
                (item as IDisposable)?.Dispose();
            _ready.Clear();
        }
    }
}

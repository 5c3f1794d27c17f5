namespace FrozenLm.Runtime;

/// <summary>
/// A background thread that forces full garbage collections and runs the finalizers in a loop until disposed, so that
/// any TorchSharp object left to the finalizer (a temporary Scalar, a Generator) is freed as early as it can be. The
/// GC-stress test and benchmark train under it and expect results bit-identical to a run without it.
/// </summary>
public sealed class GcPressure : IDisposable
{
    private readonly Thread _thread;
    private volatile bool _stop;

    public GcPressure()
    {
        _thread = new Thread(Loop) { IsBackground = true, Name = "gc-pressure" };
        _thread.Start();
    }

    /// <summary>Full collections forced so far.</summary>
    public long Collections { get; private set; }

    private void Loop()
    {
        while (!_stop)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
            GC.WaitForPendingFinalizers();
            Collections++;
        }
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}

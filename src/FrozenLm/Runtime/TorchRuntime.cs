using TorchSharp;

namespace FrozenLm.Runtime;

/// <summary>Loads the native tensor engine once, with a clear error when it cannot, and sets the thread count.</summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static bool _loaded;

    /// <summary>Makes sure libtorch and LibTorchSharp are loaded; throws an actionable error otherwise.</summary>
    public static void EnsureLoaded()
    {
        lock (Gate)
        {
            if (_loaded)
                return;
            try
            {
                using var probe = torch.zeros(1);
                _loaded = true;
            }
            catch (Exception e) when (e is DllNotFoundException or TypeInitializationException or EntryPointNotFoundException
                                          or NotSupportedException or InvalidOperationException)
            {
                var root = e;
                while (root.InnerException is not null)
                    root = root.InnerException;
                throw new InvalidOperationException(
                    "the TorchSharp native library failed to load (" + root.Message + "). On Debian 12 / Ubuntu 22.04 " +
                    "rebuild so the GLIBCXX_3.4.32 fix is applied (see README, Troubleshooting).", e);
            }
        }
    }

    /// <summary>Sets the intra-op thread count; 0 or less means all cores.</summary>
    public static int ConfigureThreads(int threads)
    {
        EnsureLoaded();
        var n = threads > 0 ? threads : Environment.ProcessorCount;
        torch.set_num_threads(n);
        return n;
    }

    /// <summary>The libtorch version TorchSharp was built against, e.g. "2.10.0".</summary>
    public static string LibTorchVersion => torch.__version__;
}

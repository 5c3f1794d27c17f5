using FrozenLm.Runtime;

namespace FrozenLm.Tests.Runtime;

internal static class TorchRuntimeReset
{
    public static void AllCores() => TorchRuntime.ConfigureThreads(0);
}

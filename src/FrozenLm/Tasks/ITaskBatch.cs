namespace FrozenLm.Tasks;

/// <summary>One batch of a task, owned by whoever enumerates it; <see cref="Size"/> is the number of samples.</summary>
public interface ITaskBatch : IDisposable
{
    int Size { get; }
}

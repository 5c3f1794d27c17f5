using FrozenLm.Tasks.Image;
using FrozenLm.Tasks.Motion;
using FrozenLm.Tasks.PointCloud;
using FrozenLm.Tasks.Retrieval;
using FrozenLm.Tasks.Sqa3d;
using FrozenLm.Tasks.Vqa;
using FrozenLm.Tasks.Video;

namespace FrozenLm.Tasks;

/// <summary>The tasks <c>frozenlm train --task NAME</c> knows; one line per task.</summary>
public static class TaskRegistry
{
    private static readonly Lock Gate = new();
    private static readonly List<ITaskDefinition> Tasks =
    [
        new ImageClassificationTaskDefinition(),
        new PointCloudClassificationTaskDefinition(),
        new VideoClassificationTaskDefinition(),
        new MotionTaskDefinition(),
        new VqaTaskDefinition(),
        new RetrievalTaskDefinition(),
        new Sqa3dTaskDefinition(),
    ];

    /// <summary>The task <c>train</c> and <c>compare</c> run when <c>--task</c> is not given.</summary>
    public const string DefaultTask = ImageClassificationTaskDefinition.TaskName;

    public static IReadOnlyList<string> Names => Definitions.Select(t => t.Name).ToList();

    /// <summary>Every registered task definition, in registration order.</summary>
    public static IReadOnlyList<ITaskDefinition> Definitions
    {
        get
        {
            lock (Gate)
                return Tasks.ToList();
        }
    }

    public static ITaskDefinition Get(string name)
    {
        lock (Gate)
        {
            return Tasks.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
                ?? throw new UserInputException("--task", $"unknown task '{name}' (known: {string.Join(", ", Tasks.Select(t => t.Name))})");
        }
    }

    /// <summary>The task whose options record is <paramref name="optionsType"/>.</summary>
    public static ITaskDefinition ForOptions(Type optionsType)
    {
        lock (Gate)
        {
            return Tasks.FirstOrDefault(t => t.OptionsType == optionsType)
                ?? throw new InvalidOperationException($"no registered task has options of type {optionsType.Name}");
        }
    }

    /// <summary>Adds or replaces a task definition (tests, plug-ins).</summary>
    public static void Register(ITaskDefinition definition)
    {
        lock (Gate)
        {
            Tasks.RemoveAll(t => t.Name == definition.Name);
            Tasks.Add(definition);
        }
    }
}

namespace FrozenLm.Tasks;

/// <summary>
/// The settings one task owns (model sizes, augmentation, ...), held in <see cref="TrainOptions.TaskOptions"/>. Each task
/// derives its own record; config.json stores it with the task's name (see <see cref="TaskOptionsJsonConverter"/>).
/// </summary>
public abstract record TaskOptions;

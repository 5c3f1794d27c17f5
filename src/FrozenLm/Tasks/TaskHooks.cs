namespace FrozenLm.Tasks;

/// <summary>Looks up a task's optional hook (evaluator, predictor, explainer) and says in one line when it has none.</summary>
public static class TaskHooks
{
    /// <summary>The hook, or a <see cref="UserInputException"/> on <paramref name="subject"/> naming the task and the command.</summary>
    public static T Require<T>(ITaskDefinition definition, Func<ITaskDefinition, T?> hook, string subject, string command)
        where T : class =>
        hook(definition) ?? throw new UserInputException(subject, $"the '{definition.Name}' task does not support {command}");
}

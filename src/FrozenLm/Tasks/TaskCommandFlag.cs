namespace FrozenLm.Tasks;

/// <summary>
/// A flag a task declares for one of its run commands (<c>predict</c>, <c>eval</c>, <c>explain</c>), such as
/// <c>--question</c>: text values, and <see cref="Many"/> when it may be given several values.
/// </summary>
public sealed record TaskCommandFlag(string Name, string Description, bool Many = false);

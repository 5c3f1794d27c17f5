namespace FrozenLm;

/// <summary>
/// A problem with what the user supplied (a file, a flag value, a data set). The CLI prints it as one line
/// <c>error: subject: problem</c> and exits with code 2.
/// </summary>
public sealed class UserInputException : Exception
{
    public UserInputException(string subject, string problem)
        : base($"{subject}: {problem}")
    {
        Subject = subject;
        Problem = problem;
    }

    public UserInputException(string subject, string problem, Exception inner)
        : base($"{subject}: {problem}", inner)
    {
        Subject = subject;
        Problem = problem;
    }

    /// <summary>The file, flag or name the problem is about.</summary>
    public string Subject { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }
}

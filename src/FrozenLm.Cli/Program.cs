namespace FrozenLm.Cli;

/// <summary>Process entry point of the <c>frozenlm</c> tool.</summary>
public static class Program
{
    public static int Main(string[] args) => CliApp.Run(args, Console.Out, Console.Error);
}

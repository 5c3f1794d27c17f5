using System.CommandLine;
using System.CommandLine.Parsing;
using System.Reflection;

namespace FrozenLm.Cli;

/// <summary>
/// Builds the command tree and applies the error policy: user errors print one line and exit 2, unexpected failures
/// exit 1 with a short message (stack trace with <c>--verbose</c>).
/// </summary>
public static class CliApp
{
    public const int ExitOk = 0;
    public const int ExitFailure = 1;
    public const int ExitUserError = 2;

    public static string Version =>
        typeof(CliApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";

    public static RootCommand BuildRoot(TextWriter output, TextWriter error)
    {
        var root = new RootCommand(
            "FrozenLm: frozen transformer blocks from pretrained language models as visual encoder layers " +
            "(Pang et al., ICLR 2024).");
        root.Options.Add(GlobalOptions.Device);
        root.Options.Add(GlobalOptions.Threads);
        root.Options.Add(GlobalOptions.Verbose);
        root.SetAction(parse =>
        {
            output.WriteLine("frozenlm " + Version + ": no command given. Try 'frozenlm compare' or 'frozenlm --help'.");
            return ExitOk;
        });
        foreach (var cmd in CommandRegistry.All())
        {
            var command = cmd.Build();
            Wire(command, cmd, output, error);
            root.Subcommands.Add(command);
        }
        return root;
    }

    private static void Wire(Command command, ICliCommand handler, TextWriter output, TextWriter error)
    {
        if (handler is ICliCommandGroup group)
        {
            foreach (var child in group.Children)
            {
                var sub = child.Build();
                Wire(sub, child, output, error);
                command.Subcommands.Add(sub);
            }
        }
        if (command.Subcommands.Count == 0 || handler is ICliCommandGroup)
            command.SetAction(parse => Guard(() => handler.Execute(new CliContext(parse, output, error)), parse, error));
    }

    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = BuildRoot(output, error);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            var first = parse.Errors[0];
            error.WriteLine($"error: {Subject(first)}: {first.Message}");
            return ExitUserError;
        }
        var config = new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false };
        return parse.Invoke(config);
    }

    private static string Subject(ParseError e) => e.SymbolResult switch
    {
        OptionResult o => o.Option.Name,
        ArgumentResult a => a.Argument.Name,
        CommandResult c => c.Command.Name,
        _ => "arguments",
    };

    public static int Guard(Func<int> body, ParseResult parse, TextWriter error)
    {
        try
        {
            return body();
        }
        catch (Exception e)
        {
            var user = Unwrap<UserInputException>(e);
            if (user is not null)
            {
                error.WriteLine("error: " + OneLine(user.Message));
                if (parse.GetValue(GlobalOptions.Verbose))
                    error.WriteLine(e);
                return ExitUserError;
            }
            if (Unwrap<OperationCanceledException>(e) is not null)
            {
                error.WriteLine("error: interrupted");
                return ExitFailure;
            }
            error.WriteLine("error: unexpected failure: " + OneLine(e.Message) +
                            (parse.GetValue(GlobalOptions.Verbose) ? "" : " (run with --verbose for the stack trace)"));
            if (parse.GetValue(GlobalOptions.Verbose))
                error.WriteLine(e);
            return ExitFailure;
        }
    }

    private static T? Unwrap<T>(Exception e) where T : Exception
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is T t)
                return t;
            if (x is AggregateException agg && agg.InnerExceptions.Count == 1)
                return Unwrap<T>(agg.InnerExceptions[0]);
        }
        return null;
    }

    private static string OneLine(string s) => s.ReplaceLineEndings(" ").Trim();
}

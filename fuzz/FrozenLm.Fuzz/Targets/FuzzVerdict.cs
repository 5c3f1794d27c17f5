namespace FrozenLm.Fuzz.Targets;

/// <summary>
/// Runs a target on one input and classifies the outcome as the CLI would (<c>CliApp.Guard</c>): a
/// <see cref="UserInputException"/>, also as the inner exception or the single exception of an aggregate, is the
/// handled one-line error (exit 2); any other exception is a finding.
/// </summary>
public static class FuzzVerdict
{
    /// <summary>Null when the input was read or rejected with a one-line user error; otherwise the unhandled exception.</summary>
    public static Exception? Unhandled(FuzzTarget target, byte[] input, FuzzScratch scratch)
    {
        try
        {
            target.Run(input, scratch);
            return null;
        }
        catch (Exception e) when (IsUserError(e))
        {
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }

    public static bool IsUserError(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is UserInputException)
                return true;
            if (x is AggregateException agg && agg.InnerExceptions.Count == 1)
                return IsUserError(agg.InnerExceptions[0]);
        }
        return false;
    }
}

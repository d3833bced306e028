using System.CommandLine;
using System.CommandLine.Parsing;
using CronLock.Logging;
using CronLock.Options;

namespace CronLock;

/// <summary>The command line: one flag per setting, then the job's command, untouched.</summary>
internal sealed class CronLockCommand : RootCommand
{
    /// <summary>
    /// Response files are off: an argument like <c>@payload.json</c> belongs to the job.
    /// </summary>
    public static readonly ParserConfiguration ParserConfiguration = new() { ResponseFileTokenReplacer = null };

    private readonly Dictionary<Setting, Option> _flags = [];

    private readonly Argument<string[]> _command = new("command")
    {
        Description = "The job and its arguments; everything from here on is passed to it untouched",
        Arity = ArgumentArity.ZeroOrMore,
        CaptureRemainingTokens = true,
    };

    public CronLockCommand()
        : base("Run a command on exactly one host at a time, using a lock in Redis (a drop-in golock replacement).")
    {
        // Directives ([suggest], [diagram]) would swallow a job whose first word is in brackets.
        Directives.Clear();
        foreach (var setting in Settings.All)
        {
            Option option = setting.IsSwitch
                ? new Option<bool>(setting.Flag) { Arity = ArgumentArity.Zero }
                : new Option<string>(setting.Flag) { HelpName = setting.Name.ToLowerInvariant().Replace('_', '-') };
            option.Description = $"{setting.Description} [{setting.EnvVar}; default: {setting.Default}]";
            Options.Add(option);
            _flags[setting] = option;
        }

        Arguments.Add(_command);
        SetAction((parse, _) => RunAsync(parse));
    }

    /// <summary>Parse errors as one line and exit 201, never the library's exit 1.</summary>
    public async Task<int> InvokeAsync(string[] args)
    {
        var parse = Parse(args, ParserConfiguration);
        if (FirstError(parse) is { } error)
        {
            LoggerSetup.Create(verbose: false).Error("{Error}", error);
            return ExitCodes.Error;
        }

        // Signals are CronLock's to handle (they go to the job): no library termination timeout.
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
    }

    private string? FirstError(ParseResult parse)
    {
        if (parse.Action is not null && parse.Action != Action)
        {
            return null; // --help or --version
        }

        if (parse.Errors.Count > 0)
        {
            return parse.Errors[0].Message;
        }

        // The job's argv captures everything from the first positional on, so an unknown option
        // given before the command would become the command. Refuse it unless "--" came first.
        var command = parse.GetValue(_command) ?? [];
        var doubleDash = parse.Tokens.Any(t => t.Type == TokenType.DoubleDash && parse.Tokens.ToList().IndexOf(t) < FirstCommandTokenIndex(parse, command));
        if (command.Length > 0 && command[0].StartsWith('-') && command[0].Length > 1 && !doubleDash)
        {
            return $"unknown option {command[0]} (put -- before a command that starts with a dash)";
        }

        return null;
    }

    private static int FirstCommandTokenIndex(ParseResult parse, string[] command)
    {
        if (command.Length == 0)
        {
            return int.MaxValue;
        }

        for (var i = 0; i < parse.Tokens.Count; i++)
        {
            if (parse.Tokens[i].Type == TokenType.Argument && parse.Tokens[i].Value == command[0])
            {
                return i;
            }
        }

        return int.MaxValue;
    }

    private async Task<int> RunAsync(ParseResult parse)
    {
        var flags = new Dictionary<Setting, string>();
        foreach (var (setting, option) in _flags)
        {
            if (parse.GetResult(option) is not { Implicit: false })
            {
                continue;
            }

            flags[setting] = setting.IsSwitch ? "yes" : parse.GetValue((Option<string>)option) ?? string.Empty;
        }

        var raw = EnvironmentSource.Read(Environment.GetEnvironmentVariable, flags);
        var validation = OptionsValidator.Validate(raw, parse.GetValue(_command) ?? []);
        if (validation.Options is not { } options)
        {
            LoggerSetup.Create(verbose: false).Error("{Error}", validation.Error);
            return ExitCodes.Error;
        }

        var log = LoggerSetup.Create(options.Verbose);
        try
        {
            var outcome = await new LockedRun(options, log).RunAsync();
            if (outcome is RunOutcome.Failed failed)
            {
                log.Error("{Error}", failed.Error);
            }

            return outcome.ExitCode;
        }
        catch (Exception e)
        {
            // A bug, not an expected failure: still one line, still 201, and no stack trace in cron mail.
            log.Error("internal error: {Message}", new SecretRedactor(options.Password).FirstLine(e.Message));
            return ExitCodes.Error;
        }
    }
}

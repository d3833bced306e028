using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using CronLock.CommandLine;
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

    private static readonly IReadOnlyDictionary<Setting, string> NoFlags = new Dictionary<Setting, string>();

    private readonly Dictionary<Setting, Option> _flags = [];

    private readonly Option<bool> _status = Switch("--status",
        "Print who holds the lock for this command (or --key) and its last run; exit 0 free, 200 held");

    private readonly Option<bool> _list = Switch("--list",
        "List every lock under the prefix (SCAN), one per line");

    private readonly Option<bool> _history = Switch("--history",
        "Print the last finished runs of this command (or --key), newest first, from every host (CRONLOCK_HISTORY keeps them)");

    private readonly Option<bool> _acquire = new("--acquire", "--lock")
    {
        Arity = ArgumentArity.Zero,
        Description = "Take the lock and exit 0, printing its holder token (200 if held); it lives until --unlock or RELEASE/LEASE",
    };

    private readonly Option<string> _unlock = new("--unlock")
    {
        HelpName = "token",
        Description = "Give back a lock taken with --acquire; only its token can (exit 0; 204 wrong token)",
    };

    private readonly Option<bool> _pause = Switch("--pause",
        "Pause this job (--key, command, or --all: every job under the prefix) on every host: runs exit 200 until --resume or --for ends; a run already going goes on");

    private readonly Option<bool> _resume = Switch("--resume",
        "End a pause made with --pause (of --key, the command, or --all)");

    private readonly Option<bool> _all = Switch("--all",
        "With --pause or --resume: every job under the prefix, instead of one --key or command");

    private readonly Option<bool> _json = Switch("--json",
        "With --status, --list, --history or --dry-run: print JSON (one object per line for --list and --history)");

    private readonly Argument<string[]> _command = new("command")
    {
        Description = "The job and its arguments; everything from here on is passed to it untouched",
        Arity = ArgumentArity.ZeroOrMore,
        CaptureRemainingTokens = true,
    };

    private static Option<bool> Switch(string name, string description) => new(name) { Arity = ArgumentArity.Zero, Description = description };

    public CronLockCommand()
        : base("Run a command on exactly one host at a time, using a lock in Redis (a drop-in golock replacement).")
    {
        // Directives ([suggest], [diagram]) would swallow a job whose first word is in brackets.
        Directives.Clear();
        foreach (var setting in Settings.All)
        {
            Option option = setting.IsSwitch
                ? new Option<bool>(setting.Flag) { Arity = ArgumentArity.Zero }
                : new Option<string>(setting.Flag) { HelpName = setting.ValueName };
            option.Description = $"{setting.Description} [{setting.EnvVar}; default: {setting.Default}]";
            Options.Add(option);
            _flags[setting] = option;
        }

        foreach (var option in new Option[] { _status, _list, _history, _acquire, _unlock, _pause, _resume, _all, _json })
        {
            Options.Add(option);
        }

        Arguments.Add(_command);
        foreach (var version in Options.OfType<VersionOption>())
        {
            version.Action = new PrintVersionAction();
        }

        foreach (var help in Options.OfType<HelpOption>())
        {
            help.Action = new PrintHelpAction((HelpAction)help.Action!);
        }

        SetAction((parse, _) => RunAsync(parse));
    }

    /// <summary>cronlock's entry point: the command line, read, then the run.</summary>
    public static Task<int> RunAsync(string[] args) =>
        PlainCommandLine(args) is { } input ? CronLockApp.RunAsync(input.WithProcessBytes()) : new CronLockCommand().InvokeAsync(args);

    /// <summary>
    /// A command line whose first word is not an option (<c>cronlock backup.sh --full</c>, the
    /// crontab case) is the job and nothing else: every token from the first positional on is
    /// the job's, and no directive or response file is read. The parser would read it the same
    /// way (CommandLineTests proves it); not building its fifty options saves about 1 ms of a
    /// ~11 ms run (bench/probe's "cli" part in docs/performance.md). It also keeps a first word
    /// in brackets: the parser drops "[word]" as a directive even with none defined.
    /// </summary>
    internal static CommandLineInput? PlainCommandLine(string[] args) =>
        args.Length > 0 && !args[0].StartsWith('-') ? new CommandLineInput(NoFlags, args) : null;

    /// <summary>Parse errors as one line and exit 201, never the library's exit 1.</summary>
    public async Task<int> InvokeAsync(string[] args)
    {
        var parse = Parse(args, ParserConfiguration);
        if (FirstError(parse) is { } error)
        {
            LoggerSetup.ForEarlyError(Environment.GetEnvironmentVariable(Settings.LogFormat.EnvVar)).Error("{Error}", error);
            return ExitCodes.Error;
        }

        // Signals are CronLock's to handle (they go to the job): no library termination timeout.
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false });
    }

    /// <summary>The first problem with the command line, as one line; null when it is fine.</summary>
    internal string? FirstError(ParseResult parse)
    {
        if (parse.Errors.Count > 0)
        {
            return parse.Errors[0].Message;
        }

        if (parse.Action != Action)
        {
            return null; // --help or --version
        }

        var modes = new Option[] { _status, _list, _history, _acquire, _unlock, _pause, _resume }.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();
        if (modes.Count > 1)
        {
            return $"{string.Join(" and ", modes)} cannot be combined";
        }

        // The job's argv captures everything from the first positional on, so an unknown option
        // given before the command would become the command. Refuse it unless "--" came first.
        var command = CommandOf(parse);
        var unknownOption = command.Count > 0 && command[0].Length > 1 && command[0].StartsWith('-') && !DashDashFirst(parse);

        // Both symptoms of a flag that took the job as its value: name that flag instead.
        if ((unknownOption || command.Count == 0) && MissingFlagValue.Problem(ValuesGiven(parse)) is { } swallowed)
        {
            return swallowed;
        }

        if (unknownOption)
        {
            var hint = FlagSuggestion.Hint(command[0], LongFlags());
            return $"unknown option {command[0]}" + (hint.Length > 0 ? hint : " (put -- before a command that starts with a dash)");
        }

        return null;
    }

    /// <summary>
    /// Words after the command spelled like cronlock's own flags, for --status, --list, --acquire and
    /// --unlock: there they are still the command's words (they change the lock's key), which is
    /// rarely what the user meant. Empty in run mode, where they are the job's flags, and after "--".
    /// </summary>
    internal IReadOnlyList<string> FlagsAfterCommand(ParseResult parse)
    {
        if (RequestedMode(parse) is null || DashDashFirst(parse))
        {
            return [];
        }

        var flags = OptionNames().ToHashSet(StringComparer.Ordinal);
        return [.. CommandOf(parse).Skip(1).Where(word => flags.Contains(word.Split('=', 2)[0])).Distinct(StringComparer.Ordinal)];
    }

    private static bool DashDashFirst(ParseResult parse) =>
        parse.Tokens.TakeWhile(t => t.Type != TokenType.Argument).Any(t => t.Type == TokenType.DoubleDash);

    private IEnumerable<string> OptionNames() => Options.SelectMany(o => o.Aliases.Prepend(o.Name));

    private IEnumerable<string> LongFlags() => OptionNames().Where(name => name.StartsWith("--", StringComparison.Ordinal));

    /// <summary>The value flags given, in command-line order, with their values.</summary>
    private IEnumerable<(Setting Setting, string Value)> ValuesGiven(ParseResult parse) =>
        _flags.Where(f => !f.Key.IsSwitch)
            .Select(f => (Setting: f.Key, Option: (Option<string>)f.Value, Position: Position(parse, parse.GetResult(f.Value))))
            .Where(f => f.Position >= 0)
            .OrderBy(f => f.Position)
            .Select(f => (f.Setting, parse.GetValue(f.Option) ?? string.Empty));

    private static int Position(ParseResult parse, OptionResult? result) =>
        result is { Implicit: false, IdentifierToken: { } token } ? parse.Tokens.TakeWhile(t => !ReferenceEquals(t, token)).Count() : -1;

    private RunMode? RequestedMode(ParseResult parse) =>
        parse.GetValue(_status) ? RunMode.Status
        : parse.GetValue(_list) ? RunMode.List
        : parse.GetValue(_history) ? RunMode.History
        : parse.GetValue(_acquire) ? RunMode.Acquire
        : parse.GetResult(_unlock) is { Implicit: false } ? RunMode.Unlock
        : parse.GetValue(_pause) ? RunMode.Pause
        : parse.GetValue(_resume) ? RunMode.Resume
        : null;

    /// <summary>The job's program and arguments, exactly as given.</summary>
    internal IReadOnlyList<string> CommandOf(ParseResult parse) => parse.GetValue(_command) ?? [];

    /// <summary>The settings given as flags; a switch given counts as "yes".</summary>
    internal IReadOnlyDictionary<Setting, string> FlagsOf(ParseResult parse)
    {
        var flags = new Dictionary<Setting, string>();
        foreach (var (setting, option) in _flags)
        {
            if (parse.GetResult(option) is { Implicit: false })
            {
                flags[setting] = setting.IsSwitch ? "yes" : parse.GetValue((Option<string>)option) ?? string.Empty;
            }
        }

        return flags;
    }

    /// <summary>What a parsed command line asks for.</summary>
    internal CommandLineInput InputOf(ParseResult parse) =>
        new(FlagsOf(parse), CommandOf(parse), RequestedMode(parse), parse.GetValue(_json), parse.GetValue(_unlock)) { FlagsAfterCommand = FlagsAfterCommand(parse), All = parse.GetValue(_all) };

    private Task<int> RunAsync(ParseResult parse) => CronLockApp.RunAsync(InputOf(parse).WithProcessBytes());
}

using System.CommandLine;
using CronLock.CommandLine;
using CronLock.Options;

namespace CronLock.Tests;

public sealed class CommandLineTests
{
    private static (CronLockCommand Command, ParseResult Parse) Parse(params string[] args)
    {
        var command = new CronLockCommand();
        return (command, command.Parse(args, CronLockCommand.ParserConfiguration));
    }

    [Fact]
    public void Parse_StopsAtTheFirstPositional_SoTheJobsOwnFlagsReachItUntouched()
    {
        var (command, parse) = Parse("--port", "7000", "ls", "-la", "--key", "x", "--", "@args.txt");

        Assert.Null(command.FirstError(parse));
        Assert.Equal(["ls", "-la", "--key", "x", "--", "@args.txt"], command.CommandOf(parse));
        Assert.Equal(new Dictionary<Setting, string> { [Settings.Port] = "7000" }, command.FlagsOf(parse));
    }

    [Fact]
    public void Parse_ResponseFiles_AreNotExpanded()
    {
        var (command, parse) = Parse("curl", "@/etc/hostname");

        Assert.Equal(["curl", "@/etc/hostname"], command.CommandOf(parse));
    }

    [Fact]
    public void Parse_Switches_TakeNoValue()
    {
        var (command, parse) = Parse("--tls", "--verbose", "yes", "hello");

        Assert.Null(command.FirstError(parse));
        Assert.Equal(["yes", "hello"], command.CommandOf(parse));
        Assert.Equal("yes", command.FlagsOf(parse)[Settings.Tls]);
        Assert.Equal("yes", command.FlagsOf(parse)[Settings.Verbose]);
        Assert.False(command.FlagsOf(parse).ContainsKey(Settings.Reset));
    }

    [Theory]
    [InlineData("--bogus", "backup.sh")]
    [InlineData("-x", "backup.sh")]
    [InlineData("--port", "1", "--tsl", "backup.sh")]
    public void Parse_UnknownOptionBeforeTheCommand_IsAnError(params string[] args)
    {
        var (command, parse) = Parse(args);

        Assert.StartsWith("unknown option -", command.FirstError(parse));
    }

    [Fact]
    public void Parse_DashDash_AllowsACommandThatStartsWithADash()
    {
        var (command, parse) = Parse("--", "-weird", "arg");

        Assert.Null(command.FirstError(parse));
        Assert.Equal(["-weird", "arg"], command.CommandOf(parse));
    }

    [Fact]
    public void Parse_OptionMissingItsValue_IsAnError()
    {
        var (command, parse) = Parse("--port");

        Assert.NotNull(command.FirstError(parse));
    }

    [Fact]
    public void Parse_BracketedFirstWord_IsTheJobNotADirective()
    {
        var (command, parse) = Parse("[", "-f", "/tmp/x", "]");

        Assert.Null(command.FirstError(parse));
        Assert.Equal(["[", "-f", "/tmp/x", "]"], command.CommandOf(parse));
    }

    [Fact]
    public void Help_ListsEveryFlagWithItsEnvironmentVariable()
    {
        var output = new StringWriter();
        var (_, parse) = Parse("--help");

        var code = parse.Invoke(new InvocationConfiguration { Output = output });

        Assert.Equal(0, code);
        var help = output.ToString();
        foreach (var setting in Settings.All)
        {
            Assert.Contains(setting.Flag, help);
            Assert.Contains(setting.EnvVar, help);
        }
    }

    [Fact]
    public void Help_UsageSaysOptionsComeFirst_AndThePageEndsWithTheExitCodes()
    {
        var output = new StringWriter();
        var (command, parse) = Parse("--help");

        var code = parse.Invoke(new InvocationConfiguration { Output = output });

        Assert.Equal(0, code);

        // The library names the root command after the process (here the test host): so does the usage.
        var help = output.ToString().Replace($"  {command.Name} ", "  cronlock ", StringComparison.Ordinal);
        Assert.Contains(
            "\n\nUsage:\n"
            + "  cronlock [options] [--] command [args...]\n"
            + "  cronlock --status|--list [--json] [options] [[--] command [args...]]\n"
            + "  cronlock --acquire|--unlock token|--reset [options] [[--] command [args...]]\n"
            + "  cronlock --dry-run [--json] [options] [--] command [args...]\n"
            + "  Options end at the command's first word: the rest goes to the command as is.\n\n"
            + "Arguments:\n",
            help);
        Assert.EndsWith(
            "\n\nExit codes:\n"
            + "  200 the lock is held elsewhere, nothing ran; otherwise the command's own code\n"
            + "  201 cronlock failed, nothing ran: the one line on stderr says why\n"
            + "  202 killed at TIMEOUT; 203 lease lost, job stopped; 204 wrong --unlock token\n"
            + "  205 overrun: an earlier PERIOD/SCHEDULE slot still runs, this slot skipped\n"
            + "  126 command not executable; 127 command not found; 128+N killed by signal N\n",
            help);
        Assert.DoesNotContain("[<command>...]", help);
        Assert.All(help.Split('\n'), line => Assert.True(line.Length <= 80, $"longer than 80 columns: {line}"));
    }

    [Fact]
    public void Help_EditsOnlyTheUsageSection()
    {
        var page = "Description:\n  d\n\nUsage:\n  x [<command>...] [options]\n\nOptions:\n  --a  A\n\n";

        var edited = PrintHelpAction.Edit(page, "golock");

        Assert.StartsWith("Description:\n  d\n\nUsage:\n  golock [options] [--] command [args...]\n", edited);
        Assert.Contains("\n\nOptions:\n  --a  A\n\nExit codes:\n  200 ", edited);
    }

    [Theory]
    [InlineData("--timeout /usr/local/bin/job.sh --nightly", "--timeout: \"/usr/local/bin/job.sh\" is not a number of seconds")]
    [InlineData("--timeout job.sh", "--timeout: \"job.sh\" is not a number of seconds")]
    [InlineData("--verbose --grace job.sh --full", "--grace: \"job.sh\" is not a number of seconds")]
    [InlineData("--port backup.sh", "--port: \"backup.sh\" is not a port number")]
    [InlineData("--db=backup.sh", "--db: \"backup.sh\" is not a number")]
    [InlineData("--grace 5 --wait job.sh --release x", "--wait: \"job.sh\" is not a number of seconds")]
    public void Parse_NumericFlagThatTookTheJobAsItsValue_IsNamed(string line, string expected)
    {
        var (command, parse) = Parse(line.Split(' '));

        Assert.Equal(expected, command.FirstError(parse));
    }

    [Theory]
    [InlineData("--timeout", "x", "backup.sh")] // a command follows: the settings' own check names the range
    [InlineData("--timeout", "-1")] // a number, out of range: ditto
    [InlineData("--key", "backup.sh")] // not a number: any word is a key
    public void Parse_FlagValuesThatCannotHaveSwallowedTheJob_AreLeftToTheSettingsCheck(params string[] args)
    {
        var (command, parse) = Parse(args);

        Assert.Null(command.FirstError(parse));
    }

    [Theory]
    [InlineData("--verbos", "unknown option --verbos (did you mean --verbose?)")]
    [InlineData("--tsl", "unknown option --tsl (did you mean --tls?)")]
    [InlineData("--stauts", "unknown option --stauts (did you mean --status?)")]
    [InlineData("--gracee=5", "unknown option --gracee=5 (did you mean --grace?)")]
    [InlineData("--verbosity", "unknown option --verbosity (put -- before a command that starts with a dash)")]
    [InlineData("-x", "unknown option -x (put -- before a command that starts with a dash)")]
    public void Parse_UnknownFlag_SuggestsAFlagOneEditAway(string flag, string expected)
    {
        var (command, parse) = Parse(flag, "backup.sh");

        Assert.Equal(expected, command.FirstError(parse));
    }

    [Theory]
    [InlineData(new[] { "--status", "job", "--json" }, new[] { "--json" })]
    [InlineData(new[] { "--list", "x", "--json", "--verbose", "--json", "--prefix" }, new[] { "--json", "--verbose", "--prefix" })]
    [InlineData(new[] { "--acquire", "job", "--grace", "5" }, new[] { "--grace" })]
    [InlineData(new[] { "--unlock", "t", "job", "-h" }, new[] { "-h" })]
    [InlineData(new[] { "--status", "job", "--full" }, new string[0])]
    [InlineData(new[] { "--status", "--", "job", "--json" }, new string[0])]
    [InlineData(new[] { "--verbose", "job", "--json" }, new string[0])]
    public void Parse_CronLocksFlagsAfterTheCommandOfAReportMode_AreFoundForAWarning(string[] args, string[] expected)
    {
        var (command, parse) = Parse(args);

        Assert.Null(command.FirstError(parse));
        Assert.Equal(expected, command.InputOf(parse).FlagsAfterCommand);
        Assert.Equal(args.SkipWhile(a => a != "job" && a != "x").ToArray(), command.CommandOf(parse));
    }

    [Fact]
    public void FlagsAfterCommandWarning_NamesTheFlagsAndWhereTheyGo()
    {
        Assert.Equal(
            "--json after the command is a word of the command, not a cronlock option (options end at the command's first word): put it before the command",
            CronLockApp.FlagsAfterCommandWarning(["--json"]));
        Assert.Equal(
            "--json --verbose after the command are words of the command, not cronlock options (options end at the command's first word): put them before the command",
            CronLockApp.FlagsAfterCommandWarning(["--json", "--verbose"]));
    }

    [Theory]
    [InlineData("backup.sh")]
    [InlineData("backup.sh", "--full", "-v")]
    [InlineData("ls", "--", "-la")]
    [InlineData("curl", "@payload.json")]
    [InlineData("@payload.json")]
    [InlineData("help")]
    [InlineData("version", "--help")]
    [InlineData("true", "--status", "--key", "k")]
    [InlineData("")]
    [InlineData(" ", "x")]
    public void PlainCommandLine_ReadsTheJobExactlyAsTheParserDoes(params string[] args)
    {
        var (command, parse) = Parse(args);
        var parsed = command.InputOf(parse);

        var plain = CronLockCommand.PlainCommandLine(args);

        Assert.NotNull(plain);
        Assert.Null(command.FirstError(parse));
        Assert.Same(command.Action, parse.Action);
        Assert.Equal(parsed.Command, plain.Command);
        Assert.Equal(parsed.Flags, plain.Flags);
        Assert.Equal(parsed.RequestedMode, plain.RequestedMode);
        Assert.Equal(parsed.Json, plain.Json);
        Assert.Equal(parsed.UnlockToken, plain.UnlockToken);
    }

    [Fact]
    public void PlainCommandLine_KeepsABracketedFirstWord_ThatTheParserWouldDropAsADirective()
    {
        Assert.Equal(["[nightly]", "x"], CronLockCommand.PlainCommandLine(["[nightly]", "x"])!.Command);
    }

    [Theory]
    [InlineData("--", "[nightly]", "x")]
    [InlineData("--grace", "5", "[nightly]", "x")]
    public void Parse_ABracketedWordAfterAnOption_IsTheJobNotADirective(params string[] args)
    {
        var (command, parse) = Parse(args);

        Assert.Null(command.FirstError(parse));
        Assert.Equal(["[nightly]", "x"], command.CommandOf(parse));
    }

    [Theory]
    [InlineData]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("--port", "7000", "backup.sh")]
    [InlineData("--", "backup.sh")]
    [InlineData("-", "x")]
    [InlineData("--status")]
    public void PlainCommandLine_LeavesAnythingStartingWithAnOptionToTheParser(params string[] args)
    {
        Assert.Null(CronLockCommand.PlainCommandLine(args));
    }

    [Theory]
    [InlineData("--pause --status", "--status and --pause cannot be combined")]
    [InlineData("--resume --pause --all", "--pause and --resume cannot be combined")]
    [InlineData("--acquire --resume job.sh", "--acquire and --resume cannot be combined")]
    public void Parse_PauseOrResume_WithAnotherMode_IsRefused(string line, string expected)
    {
        var (command, parse) = Parse(line.Split(' '));

        Assert.Equal(expected, command.FirstError(parse));
    }

    [Fact]
    public void Parse_PauseAll_ForAndReason_AreRead()
    {
        var (command, parse) = Parse("--pause", "--all", "--for", "2h", "--reason", "deploy");

        Assert.Null(command.FirstError(parse));
        var input = command.InputOf(parse);
        Assert.Equal((RunMode.Pause, true), (input.RequestedMode, input.All));
        Assert.Equal(new Dictionary<Setting, string> { [Settings.PauseFor] = "2h", [Settings.Reason] = "deploy" }, input.Flags);
    }
}

using System.CommandLine;
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
}

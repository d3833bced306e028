using CronLock.Options;

namespace CronLock.Tests;

public sealed class ConfigFileTests
{
    [Fact]
    public void Parse_ReadsShellStyleLines_LikeBashCronlocksConfig()
    {
        var (values, error) = ConfigFile.Parse("/etc/cronlock.conf", """
            # shared by every host
            CRONLOCK_HOST=redis.internal
            export CRONLOCK_PORT=6380
            CRONLOCK_PREFIX='lock.app1.'
            CRONLOCK_REASON="nightly \"report\" run"

            CRONLOCK_GRACE=60 # a minute
            CRONLOCK_KEY='nightly' # shared by both crontabs
            """);

        Assert.Null(error);
        Assert.Equal("redis.internal", values![Settings.Host].Text);
        Assert.Equal("6380", values[Settings.Port].Text);
        Assert.Equal("lock.app1.", values[Settings.Prefix].Text);
        Assert.Equal("nightly \"report\" run", values[Settings.Reason].Text);
        Assert.Equal("60", values[Settings.Grace].Text);
        Assert.Equal("nightly", values[Settings.Key].Text);
        Assert.Equal("/etc/cronlock.conf line 3: CRONLOCK_PORT", values[Settings.Port].Origin);
    }

    [Theory]
    [InlineData("CRONLOCK_PORT", "line 1: expected CRONLOCK_NAME=value")]
    [InlineData("CRONLOCK_BOGUS=1", "line 1: CRONLOCK_BOGUS is not a CronLock setting")]
    [InlineData("PATH=/bin", "line 1: PATH is not a CronLock setting")]
    [InlineData("CRONLOCK_HOST=$REDIS_HOST", "line 1: CRONLOCK_HOST: unquoted value with spaces or shell characters")]
    [InlineData("CRONLOCK_HOST=\"$REDIS_HOST\"", "would be expanded by a shell")]
    [InlineData("CRONLOCK_KEY='unbalanced", "unbalanced single quotes")]
    [InlineData("CRONLOCK_KEY=two words", "unquoted value with spaces")]
    [InlineData("CRONLOCK_CONFIG=/other.conf", "CRONLOCK_CONFIG is not a CronLock setting")]
    public void Parse_MalformedLine_NamesFileAndLine(string line, string expected)
    {
        var (values, error) = ConfigFile.Parse("/etc/cronlock.conf", line);

        Assert.Null(values);
        Assert.StartsWith("/etc/cronlock.conf line 1", error);
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Precedence_IsFlagThenEnvThenFileThenDefault()
    {
        var (file, _) = ConfigFile.Parse("/c", "CRONLOCK_PORT=1111\nCRONLOCK_GRACE=5\nCRONLOCK_DB=2");
        var env = new Dictionary<string, string> { ["CRONLOCK_PORT"] = "2222", ["CRONLOCK_GRACE"] = "6" };
        var flags = new Dictionary<Setting, string> { [Settings.Port] = "3333" };

        var raw = EnvironmentSource.Read(name => env.GetValueOrDefault(name), flags, file);

        Assert.Equal("3333", raw[Settings.Port].Text);
        Assert.Equal("6", raw[Settings.Grace].Text);
        Assert.Equal("2", raw[Settings.Db].Text);
        Assert.False(raw.ContainsKey(Settings.Host));
    }

    [Fact]
    public void BadValueFromTheFile_NamesFileAndLine()
    {
        var (file, _) = ConfigFile.Parse("/etc/cronlock.conf", "\nCRONLOCK_PORT=abc");

        var error = OptionsValidator.Validate(EnvironmentSource.Read(_ => null, new Dictionary<Setting, string>(), file), ["job"]).Error;

        Assert.Equal("/etc/cronlock.conf line 2: CRONLOCK_PORT (or --port) value \"abc\" is not a port number (1-65535)", error);
    }

    [Fact]
    public void ConfigPath_FlagThenEnvThenDefaultFileWhenPresent()
    {
        var flags = new Dictionary<Setting, string> { [Settings.Config] = "/flag.conf" };

        Assert.Equal(new RawValue("/flag.conf", "--config"), EnvironmentSource.ConfigPath(_ => "/env.conf", flags, _ => true));
        Assert.Equal(new RawValue("/env.conf", "CRONLOCK_CONFIG"),
            EnvironmentSource.ConfigPath(n => n == "CRONLOCK_CONFIG" ? "/env.conf" : null, new Dictionary<Setting, string>(), _ => true));
        Assert.Equal(new RawValue("/etc/cronlock.conf", "CRONLOCK_CONFIG (default)"),
            EnvironmentSource.ConfigPath(_ => null, new Dictionary<Setting, string>(), p => p == "/etc/cronlock.conf"));
        Assert.Null(EnvironmentSource.ConfigPath(_ => null, new Dictionary<Setting, string>(), _ => false));
    }
}

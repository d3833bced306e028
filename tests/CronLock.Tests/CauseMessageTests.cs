using CronLock.Connection;
using CronLock.Inspection;
using CronLock.Options;

namespace CronLock.Tests;

/// <summary>The pure parts of the messages that name the real cause: which setting a value came from, a server's refusal, the way out.</summary>
public sealed class CauseMessageTests
{
    private static RedisTarget Target(Dictionary<string, string> env, Func<string, string, string>? readSecretFile = null) =>
        OptionsValidator.Validate(EnvironmentSource.Read(name => env.GetValueOrDefault(name), new Dictionary<Setting, string>()), ["job.sh"],
            readSecretFile: readSecretFile).Options!.Redis;

    [Theory]
    [InlineData("CRONLOCK_AUTH", "pw", null, null, "CRONLOCK_AUTH")]
    [InlineData("CRONLOCK_USER", "ops", "CRONLOCK_AUTH", "pw", "CRONLOCK_USER / CRONLOCK_AUTH")]
    [InlineData("CRONLOCK_URL", "redis://:pw@h:1", null, null, "the password in CRONLOCK_URL")]
    [InlineData("CRONLOCK_URL", "redis://ops:pw@h:1", null, null, "the user and password in CRONLOCK_URL")]
    [InlineData("CRONLOCK_URL", "redis://ops@h:1", "CRONLOCK_AUTH", "pw", "the user in CRONLOCK_URL / CRONLOCK_AUTH")]
    [InlineData("CRONLOCK_URL", "redis://:pw@h:1", "CRONLOCK_USER", "ops", "CRONLOCK_USER / the password in CRONLOCK_URL")]
    [InlineData("CRONLOCK_HOST", "h", null, null, "CRONLOCK_USER / CRONLOCK_AUTH")]
    public void RefusedCredentials_NameTheSettingsTheyCameFrom(string first, string firstValue, string? second, string? secondValue, string expected)
    {
        var env = new Dictionary<string, string> { [first] = firstValue };
        if (second is not null)
        {
            env[second] = secondValue!;
        }

        Assert.Equal(expected, ConnectionFailure.CredentialSettings(Target(env)));
    }

    [Fact]
    public void PasswordFromAFile_IsNamedAsTheFile()
    {
        var target = Target(new() { ["CRONLOCK_AUTH_FILE"] = "/pw" }, (_, _) => "secret");

        Assert.Equal(Settings.AuthFile, target.Origins.Password);
        Assert.Equal("CRONLOCK_AUTH_FILE", ConnectionFailure.CredentialSettings(target));
    }

    [Theory]
    [InlineData("redis://h:1/3", "URL", "URL")]
    [InlineData("redis://h:1", "URL", "DB")]
    public void Origins_OfServerAndDatabase(string url, string server, string database)
    {
        var origins = Target(new() { ["CRONLOCK_URL"] = url }).Origins;

        Assert.Equal("CRONLOCK_" + server, origins.Server.EnvVar);
        Assert.Equal("CRONLOCK_" + database, origins.Database.EnvVar);
    }

    [Fact]
    public void Origins_OfSeparateSettings_AndOfRedlockMasters()
    {
        Assert.Equal(TargetOrigins.Separate, Target(new() { ["CRONLOCK_HOST"] = "h", ["CRONLOCK_DB"] = "2" }).Origins);
        Assert.Equal(Settings.Hosts, Target(new() { ["CRONLOCK_HOSTS"] = "a:1,b:1,c:1" }).Origins.Server);
    }

    [Fact]
    public void Refusal_OfProtectedMode_QuotesItsFirstSentence_AndIsFinal()
    {
        var refusal = RefusalProbe.Read("-DENIED Redis is running in protected mode because protected mode is enabled and no password is set "
            + "for the default user. In this mode connections are only accepted from the loopback interface. If you want…\r\n");

        Assert.NotNull(refusal);
        Assert.Equal("DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user", refusal.Text);
        Assert.True(refusal.Final);
        Assert.Contains("CRONLOCK_AUTH", refusal.Advice, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("+PONG\r\n", null)]
    [InlineData("", null)]
    [InlineData("-ERR max number of clients reached\r\n", "ERR max number of clients reached")]
    [InlineData("-ERR bad\u001b[31m\r\n", "ERR bad\\x1B[31m")]
    public void Refusal_OfOtherReplies(string reply, string? quoted)
    {
        var refusal = RefusalProbe.Read(reply);

        Assert.Equal(quoted, refusal?.Text);
        Assert.False(refusal?.Final ?? false);
    }

    [Theory]
    [InlineData("ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?", true)]
    [InlineData("ERR Client sent AUTH, but no password is set", true)]
    [InlineData("WRONGPASS invalid username-password pair or user is disabled.", false)]
    [InlineData("ERR unknown command 'AUTH'", false)]
    public void UncheckedPassword_IsToldByTheServersAnswer(string answer, bool noPassword)
    {
        Assert.Equal(noPassword, UncheckedPasswordCheck.IsNoPasswordSet(answer));
    }

    [Theory]
    [InlineData(-1L, "no run takes this lock while it exists (it has no TTL): CRONLOCK_RESET=yes deletes it")]
    [InlineData(30L, "no run takes this lock until its TTL ends: CRONLOCK_RESET=yes deletes it")]
    public void Status_OfAValueThatIsNoTime_ShowsTheWayOut(long ttl, string wayOut)
    {
        var text = StatusText.Format(new LockStatus { Key = "cronlock.k", State = "foreign", TtlSeconds = ttl });

        Assert.EndsWith("\n  the value is not a lock's expiry time, so " + wayOut, text, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_OfAForeignTime_HasNoWayOutLine()
    {
        var text = StatusText.Format(new LockStatus { Key = "cronlock.k", State = "foreign", TtlSeconds = 30, ExpiresAt = DateTimeOffset.UnixEpoch });

        Assert.DoesNotContain('\n', text);
    }
}

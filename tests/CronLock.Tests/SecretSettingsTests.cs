using CronLock.Core.Locking;
using CronLock.Modes;
using CronLock.Options;

namespace CronLock.Tests;

public sealed class SecretSettingsTests
{
    private const string Password = "s3cr3t@p/w";

    [Theory]
    [InlineData("CRONLOCK_AUTH", "anything")]
    [InlineData("CRONLOCK_SENTINEL_AUTH", "anything")]
    [InlineData("CRONLOCK_URL", "redis://:s3cr3t@p/w@127.0.0.1:6379")]
    [InlineData("CRONLOCK_URL", "redis://:s3cr3t%40p%2Fw@127.0.0.1:6379")]
    [InlineData("CRONLOCK_URL", "redis://:s3cr3t%40p%2fw@127.0.0.1:6379")]
    [InlineData("CRONLOCK_URL", "rediss://ops:other@host/2")]
    [InlineData("CRONLOCK_URL", "redis://ops%3Aother@host")]
    [InlineData("CRONLOCK_URL", "redis://:@host")]
    [InlineData("CRONLOCK_URL", "127.0.0.1:6379,password=other")]
    [InlineData("CRONLOCK_URL", "127.0.0.1:6379, Password = other ,ssl=true")]
    [InlineData("CRONLOCK_URL", "sentinel1:26379,serviceName=m,sentinelPassword=other")]
    [InlineData("CRONLOCK_URL", "host,SENTINEL PASSWORD=other")]
    [InlineData("CRONLOCK_REASON", "rotated to s3cr3t@p/w")]
    [InlineData("CRONLOCK_REASON", "rotated to s3cr3t%40p%2Fw")]
    [InlineData("CRONLOCK_REASON", "rotated to s3cr3t%40p%2fw")]
    [InlineData("CRONLOCK_HOSTS", "%73%33%63%72%33%74%40%70%2f%77")]
    public void CarriesSecret_WhenTheValueHoldsAPassword(string name, string value)
    {
        Assert.True(SecretSettings.CarriesSecret(name, value, new SecretRedactor(Password)));
    }

    [Theory]
    [InlineData("CRONLOCK_URL", "redis://127.0.0.1:6379/2")]
    [InlineData("CRONLOCK_URL", "redis://ops@127.0.0.1:6379")]
    [InlineData("CRONLOCK_URL", "127.0.0.1:6379,ssl=true,user=ops")]
    [InlineData("CRONLOCK_URL", "127.0.0.1:6379,password=")]
    [InlineData("CRONLOCK_PORT", "6379")]
    [InlineData("CRONLOCK_REASON", "s3cr3t@p")]
    [InlineData("CRONLOCK_REASON", "S3CR3T@P/W")]
    [InlineData("CRONLOCK_AUTH_FILE", "/etc/cronlock/password")]
    public void CarriesSecret_NotForSettingsWithoutOne(string name, string value)
    {
        Assert.False(SecretSettings.CarriesSecret(name, value, new SecretRedactor(Password)));
    }

    [Fact]
    public void ConfigurationPasswords_AreWhatTheRedactorAndJobRuleWithhold()
    {
        var target = OptionsValidator.Validate(
            EnvironmentSource.Read(name => name == "CRONLOCK_URL" ? "h:1, password = pw1 ,sentinelPassword=pw2" : null, new Dictionary<Setting, string>()),
            ["job.sh"]).Options!.Redis;

        Assert.Equal(RedisTopology.ConfigurationString, target.Topology);
        Assert.Equal(["pw1", "pw2"], target.Secrets.OfType<string>());
    }

    [Fact]
    public void JobEnvironment_RemovesEverySecretVariable_KeepsTheRest_AndAddsLockKeyAndToken()
    {
        var inherited = new Dictionary<string, string>
        {
            ["CRONLOCK_AUTH"] = Password,
            ["CRONLOCK_URL"] = "redis://:s3cr3t%40p%2Fw@host:6379",
            ["CRONLOCK_REASON"] = "pw is s3cr3t%40p%2fw",
            ["CRONLOCK_PORT"] = "6379",
            ["CRONLOCK_LOCK_KEY"] = "stale",
            ["OTHER_PASSWORD"] = Password,
            ["HOME"] = "/root",
        };

        var changes = JobEnvironment.Changes(inherited, new SecretRedactor(Password), "cronlock.k", 42);

        Assert.Equal(
            new Dictionary<string, string?>
            {
                ["CRONLOCK_AUTH"] = null,
                ["CRONLOCK_URL"] = null,
                ["CRONLOCK_REASON"] = null,
                ["CRONLOCK_LOCK_KEY"] = "cronlock.k",
                ["CRONLOCK_FENCING_TOKEN"] = "42",
            },
            changes);
    }
}

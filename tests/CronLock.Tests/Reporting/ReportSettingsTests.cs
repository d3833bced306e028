using CronLock.Core.Locking;
using CronLock.Modes;
using CronLock.Options;
using CronLock.Reporting;

namespace CronLock.Tests.Reporting;

public sealed class ReportSettingsTests
{
    private const string PingUrl = "https://hc-ping.com/0b7cb5e4-s3cr3t";

    private static ValidationResult Validate(Dictionary<string, string> env, RunMode? mode = null) =>
        OptionsValidator.Validate(EnvironmentSource.Read(name => env.GetValueOrDefault(name), new Dictionary<Setting, string>()), ["job"], mode);

    [Fact]
    public void Defaults_NoReporting_AndNoSinks()
    {
        var options = Validate([]).Options!;

        Assert.Null(options.PingUrl);
        Assert.Null(options.WebhookUrl);
        Assert.False(options.PingHeld);
        Assert.Equal(5, options.PingTimeoutSeconds);
        Assert.False(options.CaptureOutput);
        Assert.Same(RunReport.None, RunSinks.For(options, Serilog.Core.Logger.None, _ => null));
    }

    [Fact]
    public void AllSet_AreRead_AndMakeSinks()
    {
        var options = Validate(new()
        {
            ["CRONLOCK_PING_URL"] = PingUrl,
            ["CRONLOCK_PING_HELD"] = "log",
            ["CRONLOCK_PING_TIMEOUT"] = "2",
            ["CRONLOCK_WEBHOOK_URL"] = "http://127.0.0.1:8080/hook?token=x",
        }).Options!;

        Assert.Equal(new Uri(PingUrl), options.PingUrl);
        Assert.True(options.PingHeld);
        Assert.Equal(2, options.PingTimeoutSeconds);
        Assert.True(options.CaptureOutput);
        Assert.True(RunSinks.For(options, Serilog.Core.Logger.None, _ => null).IsActive);
    }

    [Fact]
    public void OtherModes_ReportNothing()
    {
        var options = Validate(new() { ["CRONLOCK_PING_URL"] = PingUrl }, RunMode.Status).Options!;

        Assert.Same(RunReport.None, RunSinks.For(options, Serilog.Core.Logger.None, _ => null));
    }

    [Theory]
    [InlineData("CRONLOCK_PING_URL", "ftp://hc.example/s3cr3t")]
    [InlineData("CRONLOCK_PING_URL", "hc-ping.com/s3cr3t")]
    [InlineData("CRONLOCK_PING_URL", "https://hc.example/s3cr3t?x=1")]
    [InlineData("CRONLOCK_WEBHOOK_URL", "/hooks/s3cr3t")]
    [InlineData("CRONLOCK_WEBHOOK_URL", "mailto:s3cr3t@example.com")]
    public void ABadUrl_IsRefused_NamingTheSettingButNeverTheValue(string variable, string value)
    {
        var error = Validate(new() { [variable] = value }).Error!;

        Assert.StartsWith(variable, error);
        Assert.DoesNotContain("s3cr3t", error);
    }

    [Theory]
    [InlineData("CRONLOCK_PING_TIMEOUT", "0")]
    [InlineData("CRONLOCK_PING_TIMEOUT", "301")]
    [InlineData("CRONLOCK_PING_HELD", "always")]
    public void ABadValue_IsRefused(string variable, string value)
    {
        Assert.Contains(variable, Validate(new() { [variable] = value }).Error);
    }

    [Theory]
    [InlineData("CRONLOCK_PING_URL")]
    [InlineData("CRONLOCK_WEBHOOK_URL")]
    public void TheUrls_LeaveTheJobsEnvironment_AndAreRedacted(string variable)
    {
        var options = Validate(new() { [variable] = PingUrl }).Options!;
        var redactor = new SecretRedactor([.. options.Secrets]);

        var changes = JobEnvironment.Changes(new System.Collections.Hashtable { [variable] = PingUrl, ["CRONLOCK_OTHER"] = PingUrl }, redactor, "k", 1);

        Assert.True(changes.ContainsKey(variable) && changes[variable] is null);
        Assert.True(changes.ContainsKey("CRONLOCK_OTHER") && changes["CRONLOCK_OTHER"] is null);
        Assert.DoesNotContain("s3cr3t", redactor.Redact($"failed at {PingUrl}"));
    }
}

using CronLock.Options;
using Cronos;

namespace CronLock.Tests;

/// <summary>CRONLOCK_PERIOD / CRONLOCK_SCHEDULE: the slot candidates a host proposes, the nearest one, and the settings' validation.</summary>
public sealed class SlotRuleTests
{
    private static readonly string[] Job = ["backup.sh"];

    private static DateTimeOffset Utc(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private static long Unix(string text) => Utc(text).ToUnixTimeSeconds();

    private static SlotRule.Cron Cron(string expression, string zone = "UTC") =>
        new(CronExpression.Parse(expression, CronFormat.Standard), TimeZoneInfo.FindSystemTimeZoneById(zone), expression);

    private static ValidationResult Validate(Dictionary<string, string> env) =>
        OptionsValidator.Validate(EnvironmentSource.Read(name => env.GetValueOrDefault(name), new Dictionary<Setting, string>()), Job);

    [Fact]
    public void Period_Candidates_AreMultiplesOfThePeriod_TwoUpToNowAndTwoAfter()
    {
        var candidates = new SlotRule.Every(600).Candidates(Utc("2026-03-01T10:07:30Z"));

        Assert.Equal([Unix("2026-03-01T09:50:00Z"), Unix("2026-03-01T10:00:00Z"), Unix("2026-03-01T10:10:00Z"), Unix("2026-03-01T10:20:00Z")], candidates);
    }

    [Fact]
    public void Period_AtASlotStart_ThatStartIsTheLastOneUpToNow()
    {
        var candidates = new SlotRule.Every(600).Candidates(Utc("2026-03-01T10:00:00Z"));

        Assert.Equal(Unix("2026-03-01T10:00:00Z"), candidates[1]);
    }

    [Theory]
    [InlineData("2026-03-01T10:00:00Z", "2026-03-01T10:00:00Z")]
    [InlineData("2026-03-01T10:04:59Z", "2026-03-01T10:00:00Z")] // Redis a little after the slot
    [InlineData("2026-03-01T09:55:01Z", "2026-03-01T10:00:00Z")] // a host that fired early
    [InlineData("2026-03-01T10:05:00Z", "2026-03-01T10:00:00Z")] // halfway: the earlier
    [InlineData("2026-03-01T10:05:01Z", "2026-03-01T10:10:00Z")]
    public void Nearest_IsTheCandidateClosestToRedisClock(string server, string expected)
    {
        // This host's clock is 3 minutes off; the candidates still cover Redis's clock.
        var candidates = new SlotRule.Every(600).Candidates(Utc("2026-03-01T10:03:00Z"));

        Assert.Equal(Unix(expected), SlotRule.Nearest(candidates, Unix(server)));
    }

    [Fact]
    public void Nearest_HostsWithClocksApart_AgreeOnTheSlot()
    {
        var rule = new SlotRule.Every(600);
        var server = Unix("2026-03-01T10:00:02Z");

        var early = SlotRule.Nearest(rule.Candidates(Utc("2026-03-01T09:55:30Z")), server);
        var late = SlotRule.Nearest(rule.Candidates(Utc("2026-03-01T10:04:30Z")), server);

        Assert.Equal(Unix("2026-03-01T10:00:00Z"), early);
        Assert.Equal(early, late);
    }

    [Fact]
    public void Cron_Candidates_AreTheTwoOccurrencesUpToNowAndTheTwoAfter()
    {
        var candidates = Cron("*/10 * * * *").Candidates(Utc("2026-03-01T10:07:30Z"));

        Assert.Equal([Unix("2026-03-01T09:50:00Z"), Unix("2026-03-01T10:00:00Z"), Unix("2026-03-01T10:10:00Z"), Unix("2026-03-01T10:20:00Z")], candidates);
    }

    [Fact]
    public void Cron_ARareExpression_FindsItsPreviousOccurrencesFarBack()
    {
        var candidates = Cron("0 0 1 1 *").Candidates(Utc("2026-06-01T00:00:00Z"));

        Assert.Equal([Unix("2025-01-01T00:00:00Z"), Unix("2026-01-01T00:00:00Z"), Unix("2027-01-01T00:00:00Z"), Unix("2028-01-01T00:00:00Z")], candidates);
    }

    [Fact]
    public void Cron_InAZone_OccursAtTheZonesLocalTime()
    {
        var candidates = Cron("0 3 * * *", "Europe/Berlin").Candidates(Utc("2026-01-15T12:00:00Z"));

        Assert.Equal(Unix("2026-01-15T02:00:00Z"), candidates[1]); // 03:00 CET = 02:00 UTC
    }

    [Fact]
    public void Cron_AtTheSpringForwardGap_TheSkippedTimeRunsOnceAtTheJump()
    {
        // 2026-03-29 in Berlin: 02:00 CET jumps to 03:00 CEST, so 02:30 does not exist that day.
        var candidates = Cron("30 2 * * *", "Europe/Berlin").Candidates(Utc("2026-03-29T06:00:00Z"));

        Assert.Equal([Unix("2026-03-28T01:30:00Z"), Unix("2026-03-29T01:00:00Z"), Unix("2026-03-30T00:30:00Z"), Unix("2026-03-31T00:30:00Z")], candidates);
    }

    [Fact]
    public void Cron_AtTheFallBackOverlap_TheRepeatedTimeRunsOnce()
    {
        // 2026-10-25 in Berlin: 03:00 CEST falls back to 02:00 CET, so 02:30 happens twice; the job runs at the first.
        var candidates = Cron("30 2 * * *", "Europe/Berlin").Candidates(Utc("2026-10-25T06:00:00Z"));

        Assert.Equal([Unix("2026-10-24T00:30:00Z"), Unix("2026-10-25T00:30:00Z"), Unix("2026-10-26T01:30:00Z"), Unix("2026-10-27T01:30:00Z")], candidates);
    }

    [Fact]
    public void Cron_EveryFifteenMinutesAcrossTheFallBack_KeepsEveryRealOccurrence()
    {
        // Both 02:45 CEST and 02:00 CET are real instants, 15 minutes apart: each is a slot of its own.
        var candidates = Cron("*/15 * * * *", "Europe/Berlin").Candidates(Utc("2026-10-25T00:50:00Z"));

        Assert.Equal([Unix("2026-10-25T00:30:00Z"), Unix("2026-10-25T00:45:00Z"), Unix("2026-10-25T01:00:00Z"), Unix("2026-10-25T01:15:00Z")], candidates);
    }

    [Theory]
    [InlineData("600", 600)]
    [InlineData("90s", 90)]
    [InlineData("10m", 600)]
    [InlineData("1h", 3600)]
    [InlineData("1d", 86400)]
    public void Period_TakesSecondsOrAUnit(string text, int seconds)
    {
        var options = Validate(new() { ["CRONLOCK_PERIOD"] = text }).Options!;

        Assert.Equal(new SlotRule.Every(seconds), options.Slot);
    }

    [Fact]
    public void NoSlotRule_IsNull()
    {
        Assert.Null(Validate([]).Options!.Slot);
    }

    [Fact]
    public void Schedule_ReadsTheExpressionInItsZone()
    {
        var options = Validate(new() { ["CRONLOCK_SCHEDULE"] = "*/5 * * * *", ["CRONLOCK_SCHEDULE_TZ"] = "America/New_York" }).Options!;

        var cron = Assert.IsType<SlotRule.Cron>(options.Slot);
        Assert.Equal("America/New_York", cron.Zone.Id);
        Assert.Equal("*/5 * * * *", cron.Text);
    }

    [Theory]
    [InlineData("CRONLOCK_PERIOD", "0", "CRONLOCK_PERIOD")]
    [InlineData("CRONLOCK_PERIOD", "-5", "is not a duration")]
    [InlineData("CRONLOCK_PERIOD", "10x", "is not a duration")]
    [InlineData("CRONLOCK_PERIOD", "1.5h", "is not a duration")]
    [InlineData("CRONLOCK_PERIOD", "99999d", "is not a duration")]
    [InlineData("CRONLOCK_SCHEDULE", "* * *", "CRONLOCK_SCHEDULE \"* * *\" is not a five-field cron expression: ")]
    [InlineData("CRONLOCK_SCHEDULE", "0 0 * * * *", "is not a five-field cron expression")]
    [InlineData("CRONLOCK_SCHEDULE", "61 * * * *", "is not a five-field cron expression")]
    [InlineData("CRONLOCK_SCHEDULE", "0 0 30 2 *", "never occurs")]
    public void BadSlotSettings_AreOneLineNamingTheSetting(string variable, string value, string expected)
    {
        var error = Validate(new() { [variable] = value }).Error;

        Assert.NotNull(error);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void AnUnknownZone_IsRefused()
    {
        var error = Validate(new() { ["CRONLOCK_SCHEDULE"] = "0 * * * *", ["CRONLOCK_SCHEDULE_TZ"] = "Mars/Olympus_Mons" }).Error;

        Assert.Equal("CRONLOCK_SCHEDULE_TZ \"Mars/Olympus_Mons\" is not a time zone this host knows (an IANA name such as Europe/Berlin; tzdata must be installed)", error);
    }

    [Fact]
    public void PeriodAndSchedule_Together_AreRefused()
    {
        var error = Validate(new() { ["CRONLOCK_PERIOD"] = "10m", ["CRONLOCK_SCHEDULE"] = "*/10 * * * *" }).Error;

        Assert.Contains("cannot be combined", error, StringComparison.Ordinal);
    }

    [Fact]
    public void ASlotRule_WithRedlock_IsRefused()
    {
        var error = Validate(new() { ["CRONLOCK_PERIOD"] = "10m", ["CRONLOCK_HOSTS"] = "a:1,b:2,c:3" }).Error;

        Assert.Contains("cannot be used with Redlock", error, StringComparison.Ordinal);
    }
}

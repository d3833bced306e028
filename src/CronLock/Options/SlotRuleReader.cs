using Cronos;

namespace CronLock.Options;

/// <summary>Reads CRONLOCK_PERIOD, CRONLOCK_SCHEDULE and CRONLOCK_SCHEDULE_TZ into a <see cref="SlotRule"/>; null when neither is set.</summary>
internal static class SlotRuleReader
{
    public static SlotRule? Read(SettingReader read, RedisTopology topology)
    {
        var period = read.IsGiven(Settings.Period);
        var schedule = read.OptionalText(Settings.Schedule);
        if (period && schedule is not null)
        {
            throw new InvalidSettingException($"{Settings.Period.DisplayName} and {Settings.Schedule.DisplayName} cannot be combined: give one slot rule");
        }

        SlotRule? rule = period
            ? new SlotRule.Every(read.Duration(Settings.Period, fallback: 0, min: 1))
            : schedule is not null ? new SlotRule.Cron(Parse(schedule), Zone(read), schedule) : null;

        // Each Redlock master would keep its own slot record: without a rule for a majority of
        // them a slot could run twice, so the slot rule is refused rather than half-kept.
        return rule is not null && topology == RedisTopology.Redlock
            ? throw new InvalidSettingException(
                $"{(period ? Settings.Period : Settings.Schedule).DisplayName} cannot be used with Redlock ({Settings.Hosts.DisplayName}): use a single Redis, Sentinel or a Cluster")
            : rule;
    }

    private static CronExpression Parse(string text)
    {
        try
        {
            var expression = CronExpression.Parse(text, CronFormat.Standard);
            // Cron has no year field, so an expression that occurs at all occurs after any date.
            return expression.GetNextOccurrence(DateTime.UnixEpoch, TimeZoneInfo.Utc) is null
                ? throw new InvalidSettingException($"{Settings.Schedule.EnvVar} \"{text}\" never occurs")
                : expression;
        }
        catch (CronFormatException e)
        {
            throw new InvalidSettingException($"{Settings.Schedule.EnvVar} \"{text}\" is not a five-field cron expression: {e.Message}");
        }
    }

    private static TimeZoneInfo Zone(SettingReader read)
    {
        var id = read.OptionalText(Settings.ScheduleTz) ?? "UTC";
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidSettingException($"{Settings.ScheduleTz.EnvVar} \"{id}\" is not a time zone this host knows (an IANA name such as Europe/Berlin; tzdata must be installed)");
        }
    }
}

namespace CronLock.Options;

/// <summary>How cronlock's own lines on stderr are written (CRONLOCK_LOG_FORMAT).</summary>
internal enum LogFormat
{
    /// <summary>One human line per event: time, cronlock[pid], level, message.</summary>
    Text,

    /// <summary>One JSON object per line (Serilog's compact format), for log pipelines.</summary>
    Json,
}

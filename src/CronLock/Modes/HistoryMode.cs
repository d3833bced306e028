using System.Text.Json;
using CronLock.Inspection;
using CronLock.Reporting;

namespace CronLock.Modes;

/// <summary>--history: the lock's last finished runs from every host, newest first, as text or JSON lines.</summary>
internal sealed class HistoryMode(ModeContext context)
{
    public async Task<RunOutcome> ShowAsync(LockInspector inspector)
    {
        var entries = await inspector.HistoryAsync(context.Options.LockKey);
        if (entries.Count == 0 && !context.Options.Json)
        {
            context.Log.Information("{Message}", HistoryText.Empty(context.Options.LockKey));
        }

        foreach (var entry in entries)
        {
            var run = RunRecordJson.Parse(entry);
            // JSON lines carry each stored record as it is (one schema, documented); text reads it.
            var line = context.Options.Json
                ? run is null ? JsonSerializer.Serialize(entry, RunRecordJsonContext.Default.String) : entry
                : run is null ? HistoryText.Unreadable(entry) : HistoryText.Format(run);
            if (await StdoutLine.WriteAsync(context.Output, line, "the history (--history)", context.Redactor) is { } error)
            {
                return new RunOutcome.Failed(error);
            }
        }

        return new RunOutcome.Listed();
    }
}

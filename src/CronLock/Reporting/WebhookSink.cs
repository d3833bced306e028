namespace CronLock.Reporting;

/// <summary>
/// POSTs the run record as JSON (<see cref="RunRecordJson"/>) when a run ends, for collectors that
/// are not Healthchecks. Like the pings, only runs that did something report: a run that found the
/// lock held elsewhere posts nothing, so five hosts on one key make one post, not five.
/// </summary>
internal sealed class WebhookSink(ReportSender sender, Uri url) : IRunSink
{
    public void LockTaken(RunStart start)
    {
    }

    public async Task FinishedAsync(RunRecord record)
    {
        if (record.Kind != RunKind.Held)
        {
            await sender.PostAsync("webhook", url, RunRecordJson.Serialize(record), "application/json");
        }
    }
}

using CronLock.Inspection;

namespace CronLock.Modes;

/// <summary>--status and --list: read locks without changing them, print them as text or JSON lines.</summary>
internal sealed class StatusMode(ModeContext context)
{
    public async Task<RunOutcome> StatusAsync(LockInspector inspector)
    {
        var status = await inspector.StatusAsync(context.Options.LockKey);
        return await PrintAsync(Render(status, StatusText.Format), "the status (--status)") is { } error
            ? new RunOutcome.Failed(error)
            : new RunOutcome.StatusShown(Held: status.State != "free");
    }

    public async Task<RunOutcome> ListAsync(LockInspector inspector)
    {
        // One line per lock (JSON lines with --json), written as found: memory stays bounded.
        var found = false;
        await foreach (var status in inspector.ListAsync())
        {
            found = true;
            if (await PrintAsync(Render(status, StatusText.FormatLine), "the list (--list)") is { } error)
            {
                return new RunOutcome.Failed(error);
            }
        }

        // An empty JSON stream already is the answer to a script; a person gets a line saying so.
        if (!found && !context.Options.Json)
        {
            context.Log.Information("{Message}", StatusText.EmptyList(context.Options.Prefix));
        }

        return new RunOutcome.Listed();
    }

    private Task<string?> PrintAsync(string line, string what) => StdoutLine.WriteAsync(context.Output, line, what, context.Redactor);

    /// <summary>JSON (one object, one line) with --json, else the given text form.</summary>
    private string Render(LockStatus status, Func<LockStatus, string> asText) =>
        context.Options.Json ? System.Text.Json.JsonSerializer.Serialize(status, StatusJsonContext.Default.LockStatus) : asText(status);
}

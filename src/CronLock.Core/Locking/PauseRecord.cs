namespace CronLock.Core.Locking;

/// <summary>A pause as stored: who paused, when, until when (null = until --resume) and why.</summary>
/// <param name="Host">The host that paused.</param>
/// <param name="User">The user that paused; "" when unknown.</param>
/// <param name="Since">When, unix seconds on the server's clock.</param>
/// <param name="Until">When it ends by itself; null = until --resume.</param>
/// <param name="Reason">Why (--reason); "" for none.</param>
/// <param name="Global">The pause of everything under the prefix (--all), not of this job alone.</param>
internal sealed record PauseRecord(string Host, string User, long Since, long? Until, string Reason, bool Global)
{
    /// <summary>The pause hash's fields; null when there are none (no pause).</summary>
    public static PauseRecord? Read(IReadOnlyDictionary<string, string> fields, bool global)
    {
        if (fields.Count == 0)
        {
            return null;
        }

        var until = fields.Long(PauseFields.Until);
        return new PauseRecord(
            fields.GetValueOrDefault(PauseFields.Host, "?"),
            fields.GetValueOrDefault(PauseFields.User, ""),
            fields.Long(PauseFields.Since),
            until > 0 ? until : null,
            fields.GetValueOrDefault(PauseFields.Reason, ""),
            global);
    }
}

namespace CronLock.Core.Locking;

/// <summary>
/// The one reading of a holder hash, for the library's holder query and the CLI's --status alike.
/// A missing text field reads as "", a missing or unreadable number as 0 (see <see cref="RecordFields"/>).
/// </summary>
internal static class HolderRecord
{
    public static LockHolderInfo Read(IReadOnlyDictionary<string, string> fields) =>
        new(
            fields.GetValueOrDefault(HolderFields.Id, ""),
            fields.GetValueOrDefault(HolderFields.Host, ""),
            fields.Int(HolderFields.Pid),
            DateTimeOffset.FromUnixTimeSeconds(fields.Long(HolderFields.Started)),
            fields.GetValueOrDefault(HolderFields.Command, ""),
            fields.GetValueOrDefault(HolderFields.Reason, ""),
            fields.Long(HolderFields.Token))
        {
            Finished = fields.ContainsKey(HolderFields.Finished) ? DateTimeOffset.FromUnixTimeSeconds(fields.Long(HolderFields.Finished)) : null,
        };
}

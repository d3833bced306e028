namespace CronLock.Options;

/// <summary>
/// Which setting each part of the target came from: a message about a refused password or a
/// missing database names the setting the operator has to change, which is CRONLOCK_URL when the
/// URL carried the value, not CRONLOCK_AUTH or CRONLOCK_DB.
/// </summary>
/// <param name="Server">Where the host names came from: CRONLOCK_HOST, CRONLOCK_URL, CRONLOCK_HOSTS, the sentinel settings.</param>
internal sealed record TargetOrigins(Setting Server, Setting User, Setting Password, Setting Database)
{
    /// <summary>Each value from its own setting: CRONLOCK_HOST, USER, AUTH, DB.</summary>
    public static TargetOrigins Separate { get; } = new(Settings.Host, Settings.User, Settings.Auth, Settings.Db);
}

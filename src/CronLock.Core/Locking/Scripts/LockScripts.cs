namespace CronLock.Core.Locking.Scripts;

/// <summary>
/// Every compare-then-act on the lock, each one atomic, one script per file with the arguments it
/// takes. Times come from the Redis server's clock (TIME) so hosts whose clocks disagree still agree
/// on when a lock expires. The lock key's value stays golock's and bash cronlock's: the decimal unix
/// second at which the lock ends at most, so those tools still read our locks. Who holds it lives
/// beside it in <see cref="LockKeys"/>'s companion keys, in the same cluster slot, so every script
/// is single-slot. Every script takes the database as its last ARGV (see <see cref="Prelude"/>);
/// the ARGV lists of the scripts omit it. Here: the parts the scripts share.
/// </summary>
internal static class LockScripts
{
    /// <summary>
    /// Starts every script. The last ARGV is the database ("" = the connection's): the script
    /// selects it itself, because the client pipelines its own SELECT and, should the server refuse
    /// it (an ACL user without +select, an index out of range), runs the next command in whatever
    /// database the connection is in. A refused SELECT inside the script fails the script instead.
    /// </summary>
    public const string Prelude = """
        if redis.replicate_commands then redis.replicate_commands() end
        local database = table.remove(ARGV)
        if database ~= '' then redis.call('SELECT', database) end

        """;

    /// <summary>
    /// Shared by the scripts that act for a holder: this run still owns the lock only if the
    /// holder record names it AND the lock key still holds the expiry that record wrote. A golock
    /// host that overwrote the value, or a newer holder after a reset within the same second,
    /// both fail the check. KEYS[1] = lock, KEYS[2] = holder; ARGV[1] = holder id.
    /// </summary>
    public const string Owned = Prelude + """
        local function owned()
          local expires = redis.call('HGET', KEYS[2], 'expires')
          return expires and redis.call('HGET', KEYS[2], 'id') == ARGV[1] and redis.call('GET', KEYS[1]) == expires
        end

        """;

    public static readonly IReadOnlyList<LockScript> All =
    [
        AcquireScript.Script, RenewScript.Script, LeaveScript.Script, StatusScript.Script, ResetScript.Script, PauseScript.Script,
        SemaphoreAcquireScript.Script, SemaphoreRenewScript.Script, SemaphoreLeaveScript.Script, SemaphoreStatusScript.Script, SemaphoreResetScript.Script,
    ];
}

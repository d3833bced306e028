namespace CronLock.Core.Locking.Scripts;

/// <summary>
/// A Lua script and its SHA1, known ahead so a run sends one EVALSHA instead of hashing the
/// script at run time (which would load OpenSSL) or sending SCRIPT LOAD first. A unit test
/// checks each SHA1 against its text.
/// </summary>
internal sealed record LockScript(string Name, string Text, string Sha1Hex)
{
    public byte[] Sha1 { get; } = Convert.FromHexString(Sha1Hex);
}

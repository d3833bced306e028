using CronLock.Options;

namespace CronLock.Files;

/// <summary>
/// Reads a password file (CRONLOCK_AUTH_FILE). Like ssh with private keys, the file must belong to
/// the user running cronlock and neither its group nor other users may access it: otherwise someone
/// else can read the password, or put in another one.
/// </summary>
internal static class SecretFile
{
    /// <summary>A password is a line; a bigger file is not a password file.</summary>
    public const int MaxBytes = 64 * 1024;

    private const UnixFileMode OpenToOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <returns>The password (one trailing newline removed), or throws with a one-line message.</returns>
    public static string Read(string path, string origin)
    {
        var (text, facts, error) = SettingFile.Read(path, origin, MaxBytes);
        if (text is null)
        {
            throw new InvalidSettingException(error!);
        }

        var password = Password(text);
        return Problem(path, facts!, password, FileSystemCalls.EffectiveUserId()) is { } problem
            ? throw new InvalidSettingException($"{origin} file {path} {problem}")
            : password;
    }

    /// <summary>Why this file cannot hold the password of a cronlock run by <paramref name="userId"/>, or null. Pure.</summary>
    public static string? Problem(string path, FileFacts facts, string password, uint userId) =>
        facts.OwnerId != userId ? $"is owned by uid {facts.OwnerId}, not by uid {userId} running cronlock: run chown {userId} {path}"
        : (facts.Permissions & OpenToOthers) != 0 ? $"is accessible by group or others (mode {Convert.ToString((int)facts.Permissions, 8).PadLeft(4, '0')}): run chmod 600 {path}"
        : password.Length == 0 ? "is empty: put the password in it"
        : null;

    /// <summary>The file's text without its one trailing newline (as `echo pw > file` writes it).</summary>
    public static string Password(string text) =>
        text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
}

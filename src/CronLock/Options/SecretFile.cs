namespace CronLock.Options;

/// <summary>
/// Reads a password file (CRONLOCK_AUTH_FILE). Like ssh with private keys, a file that its group
/// or other users can read is refused: the password in it is no longer a secret.
/// </summary>
internal static class SecretFile
{
    private const UnixFileMode OpenToOthers =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
        | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    /// <returns>The password (one trailing newline removed), or throws with a one-line message.</returns>
    public static string Read(string path, string origin)
    {
        try
        {
            var mode = File.GetUnixFileMode(path);
            if ((mode & OpenToOthers) != 0)
            {
                throw new InvalidSettingException(
                    $"{origin} file {path} is accessible by group or others (mode {Convert.ToString((int)mode, 8).PadLeft(4, '0')}): run chmod 600 {path}");
            }

            var text = File.ReadAllText(path);
            return text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidSettingException($"{origin} file {path} cannot be read: {e.Message}");
        }
    }
}

using System.Text;

namespace CronLock.Files;

/// <summary>
/// Reads a small file a setting names: the config file, a password file, a TLS PEM file. Only a
/// regular file (or a symlink to one) no larger than a cap is read: a FIFO would block cronlock
/// until some writer came, and /dev/zero or /dev/urandom would fill memory until the process died.
/// </summary>
internal static class SettingFile
{
    /// <summary>Why a file cannot be read as a setting's file, or null when it can. Pure.</summary>
    public static string? Problem(FileFacts facts, int maxBytes) =>
        !facts.IsRegularFile ? $"is {facts.Kind}, not a regular file"
        : facts.Size > maxBytes ? TooLarge(maxBytes)
        : null;

    /// <param name="origin">The setting that names the file (<c>CRONLOCK_AUTH_FILE</c>, <c>--config</c>).</param>
    /// <returns>The text (decoded as File.ReadAllText does) and the file's facts, or a one-line error naming origin, path and problem.</returns>
    public static (string? Text, FileFacts? Facts, string? Error) Read(string path, string origin, int maxBytes)
    {
        var where = $"{origin} file {path}";
        using var handle = FileSystemCalls.OpenToRead(path, out var openError);
        if (handle is null)
        {
            // A socket cannot be opened at all (ENXIO): say what it is rather than what open() said.
            return (null, null, FileSystemCalls.Describe(path) is { IsRegularFile: false } named
                ? $"{where} {Problem(named, maxBytes)}"
                : $"{where} cannot be read: {openError}");
        }

        // Judged on the descriptor, not the path: a file swapped in after a check is never read.
        if (FileSystemCalls.Describe(handle, out var statError) is not { } facts)
        {
            return (null, null, $"{where} cannot be read: {statError}");
        }

        if (Problem(facts, maxBytes) is { } problem)
        {
            return (null, facts, $"{where} {problem}");
        }

        try
        {
            // st_size may be 0 (/proc) or grow while we read: never read more than one byte past the cap.
            var buffer = new byte[maxBytes + 1];
            var length = 0;
            int read;
            while (length < buffer.Length && (read = RandomAccess.Read(handle, buffer.AsSpan(length), length)) > 0)
            {
                length += read;
            }

            if (length > maxBytes)
            {
                return (null, facts, $"{where} {TooLarge(maxBytes)}");
            }

            using var reader = new StreamReader(new MemoryStream(buffer, 0, length), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
            return (reader.ReadToEnd(), facts, null);
        }
        catch (IOException e)
        {
            return (null, facts, $"{where} cannot be read: {e.Message}");
        }
    }

    private static string TooLarge(int maxBytes) => $"is larger than {maxBytes} bytes";
}

using CronLock.Core.Locking;

namespace CronLock.Modes;

/// <summary>The modes' one way to print: a line to stdout, or why it could not be written.</summary>
internal static class StdoutLine
{
    /// <param name="what">What the line is, for the error (e.g. "the status (--status)").</param>
    /// <returns>Null when written; else why not (closed, a broken pipe, a full disk).</returns>
    public static async Task<string?> WriteAsync(TextWriter output, string line, string what, SecretRedactor redactor)
    {
        try
        {
            await output.WriteLineAsync(line);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // .NET reports a write to a closed or read-only descriptor (EBADF) as "Access to the path is denied".
            return $"cannot write {what} to stdout: {(e is UnauthorizedAccessException ? "it is closed or not writable" : redactor.FirstLine(e.Message))}";
        }
    }
}

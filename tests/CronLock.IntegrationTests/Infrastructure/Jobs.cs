namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>argv of small jobs whose effects a test can count. Paths in argv also make each md5 key unique.</summary>
internal static class Jobs
{
    /// <summary>Appends "ran" to <paramref name="file"/>: its line count is how many times the job ran.</summary>
    public static string[] AppendLine(string file) => ["sh", "-c", "echo ran >> \"$1\"", "append-line", file];

    public static string[] AppendLineThenSleep(string file, string seconds) =>
        ["sh", "-c", "echo ran >> \"$1\"; sleep \"$2\"", "append-line-then-sleep", file, seconds];

    /// <summary>Exits with <paramref name="code"/>; <paramref name="tag"/> keeps the key private to the caller.</summary>
    public static string[] ExitWith(int code, string tag) =>
        ["sh", "-c", "exit \"$1\"", "exit-with", code.ToString(System.Globalization.CultureInfo.InvariantCulture), tag];

    public static string[] Shell(string script, string tag) => ["sh", "-c", script, "job", tag];
}

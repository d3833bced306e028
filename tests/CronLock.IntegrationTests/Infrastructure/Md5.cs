using System.Security.Cryptography;
using System.Text;

namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>Expected lock ids, computed without the code under test.</summary>
internal static class Md5
{
    /// <summary>golock: lowercase hex md5 of the arguments joined by single spaces (UTF-8, no newline).</summary>
    public static string OfJoinedArguments(IEnumerable<string> arguments) =>
        Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(string.Join(' ', arguments))));

    /// <summary>md5sum of exactly <paramref name="text"/>, no newline added.</summary>
    public static Task<string> OfBashPrintfAsync(string text, CancellationToken cancellationToken) =>
        Md5SumAsync("printf '%s' \"$1\" | md5sum", [text], cancellationToken);

    /// <summary>
    /// The original bash cronlock: literally <c>echo "$@" | md5sum</c> run by bash with the same arguments, so the
    /// trailing newline and joining are whatever that tool really did.
    /// </summary>
    public static Task<string> OfBashCronlockAsync(IEnumerable<string> arguments, CancellationToken cancellationToken) =>
        Md5SumAsync("echo \"$@\" | md5sum", arguments, cancellationToken);

    private static async Task<string> Md5SumAsync(string script, IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        var result = await ToolProcess.RunAsync("bash", ["-c", script, "md5", .. arguments], cancellationToken);
        Assert.Equal(0, result.ExitCode);
        return result.StandardOutput.Split(' ', 2)[0];
    }
}

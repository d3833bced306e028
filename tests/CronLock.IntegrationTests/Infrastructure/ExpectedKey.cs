namespace CronLock.IntegrationTests.Infrastructure;

internal static class ExpectedKey
{
    public const string DefaultPrefix = "cronlock.";

    /// <summary>The golock-style key of a job's argv: prefix + md5 of the arguments joined by single spaces.</summary>
    public static string ForArguments(IEnumerable<string> arguments, string prefix = DefaultPrefix) =>
        prefix + Md5.OfJoinedArguments(arguments);
}

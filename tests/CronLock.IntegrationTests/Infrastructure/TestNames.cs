namespace CronLock.IntegrationTests.Infrastructure;

internal static class TestNames
{
    /// <summary>The running test method's name.</summary>
    public static string Current => TestContext.Current.TestMethod?.MethodName ?? "no-test";

    /// <summary>
    /// A lock name derived from the running test, with a short random tail so theory rows and reruns against a
    /// long-lived server never meet.
    /// </summary>
    public static string Key(string suffix = "") =>
        $"it.{Current}{(suffix.Length > 0 ? "." + suffix : "")}.{Guid.NewGuid().ToString("N")[..8]}";
}

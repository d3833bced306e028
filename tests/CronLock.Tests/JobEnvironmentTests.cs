using System.Text;
using CronLock.Running;

namespace CronLock.Tests;

public sealed class JobEnvironmentTests
{
    [Fact]
    public void InheritedEnvironment_ChangesMatchByName_OtherEntriesStayByteForByte()
    {
        byte[] latin1 = [.. "NAME=caf"u8, 0xe9];
        byte[][] inherited =
        [
            latin1,
            "CRONLOCK_AUTH=secret"u8.ToArray(),
            "CRONLOCK_AUTH_FILE=/etc/pw"u8.ToArray(),
            "CRONLOCK_LOCK_KEY=stale"u8.ToArray(),
            "CRONLOCK_LOCK_KEY=twice"u8.ToArray(),
            "NOEQUALS"u8.ToArray(),
        ];

        var environment = ChildProcess.InheritedEnvironment(inherited, new Dictionary<string, string?>
        {
            ["CRONLOCK_AUTH"] = null,
            ["CRONLOCK_LOCK_KEY"] = "cronlock.k",
        });

        Assert.Equal(
            ["NAME=caf\uFFFD", "CRONLOCK_AUTH_FILE=/etc/pw", "NOEQUALS", "CRONLOCK_LOCK_KEY=cronlock.k"],
            environment.Select(Encoding.UTF8.GetString));
        Assert.Equal(latin1, environment[0]);
    }
}

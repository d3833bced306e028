namespace CronLock.IntegrationTests.Infrastructure;

/// <summary>
/// How a test starts cronlock: the program to execute and the arguments that come before cronlock's own. The
/// published binary runs directly; a binary for another CPU runs under qemu-user, in the same process (so its pid,
/// its signals and its children are cronlock's own).
/// </summary>
internal sealed record CronLockExecutable(string Program, IReadOnlyList<string> LeadingArguments)
{
    /// <summary>The published binary under test (CRONLOCK_BINARY, else artifacts/bin/cronlock).</summary>
    public static CronLockExecutable Published => new(CronLockBinary.Path, []);

    /// <summary>A foreign-CPU binary run by qemu-user, with the libraries of Debian's cross sysroot.</summary>
    public static CronLockExecutable UnderQemu(string qemu, string sysroot, string binary) => new(qemu, ["-L", sysroot, binary]);
}

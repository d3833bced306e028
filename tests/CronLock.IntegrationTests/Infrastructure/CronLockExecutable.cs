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
    /// <summary>
    /// The published binary, exec'd by <c>sh</c> once <paramref name="prelude"/> has run: the way to hand cronlock
    /// bytes that are not UTF-8, which a .NET string cannot carry (<c>export X="$(printf '\351')"</c> for a variable,
    /// <c>set -- "$@" "$(printf …)"</c> for a last argument). Its pid, signals and children are cronlock's.
    /// </summary>
    public static CronLockExecutable PublishedAfterShell(string prelude) =>
        new("sh", ["-c", prelude + "\nexec \"$0\" \"$@\"", CronLockBinary.Path]);

    /// <summary>
    /// The published binary, exec'd by env(1) with <paramref name="signals"/> reset to their default disposition
    /// (<paramref name="ignored"/> false) or set to be ignored (true). An ignored signal stays ignored across exec and
    /// cronlock keeps it so, so a test that sends a signal must not depend on what the test host inherited: nohup
    /// ignores HUP, a shell's <c>&amp;</c> ignores INT and QUIT. Its pid, signals and children are cronlock's.
    /// </summary>
    public static CronLockExecutable PublishedWithSignals(bool ignored, params string[] signals) =>
        new("env", [$"--{(ignored ? "ignore" : "default")}-signal={string.Join(',', signals)}", CronLockBinary.Path]);

    public static CronLockExecutable UnderQemu(string qemu, string sysroot, string binary) => new(qemu, ["-L", sysroot, binary]);
}

namespace CronLock.Running;

/// <summary>Decodes a waitpid status word (the WIFEXITED / WTERMSIG macros). Pure.</summary>
internal static class WaitStatus
{
    public static ChildOutcome Decode(int status) =>
        (status & 0x7f) == 0
            ? new ChildOutcome.Exited((status >> 8) & 0xff)
            : new ChildOutcome.Signaled(status & 0x7f);
}

using CronLock.Options;
using CronLock.Running;

namespace CronLock.CommandLine;

/// <summary>What the command line asked for, however it was read.</summary>
/// <param name="Flags">Settings given as flags (switches as "yes").</param>
/// <param name="Command">The job and its arguments, untouched.</param>
/// <param name="RequestedMode">--status, --list, --acquire or --unlock, if given.</param>
/// <param name="Json">--json.</param>
/// <param name="UnlockToken">The token given to --unlock.</param>
internal sealed record CommandLineInput(
    IReadOnlyDictionary<Setting, string> Flags,
    IReadOnlyList<string> Command,
    RunMode? RequestedMode = null,
    bool Json = false,
    string? UnlockToken = null)
{
    /// <summary>Words after the command of --status/--list/--acquire/--unlock spelled like cronlock's flags (a warning names them).</summary>
    public IReadOnlyList<string> FlagsAfterCommand { get; init; } = [];

    /// <summary>--all: --pause / --resume of every job under the prefix.</summary>
    public bool All { get; init; }

    /// <summary>cronlock's argv after its own name, as bytes (<see cref="ProcessBytes"/>); null when unknown.</summary>
    public IReadOnlyList<byte[]>? ProcessArguments { get; init; }

    /// <summary>The same input, with the argv bytes this process was started with.</summary>
    public CommandLineInput WithProcessBytes() => this with { ProcessArguments = ProcessBytes.Arguments() };
}

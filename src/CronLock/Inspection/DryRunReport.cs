namespace CronLock.Inspection;

/// <summary>What <c>--dry-run</c> reports (its JSON shape, fields in this order).</summary>
internal sealed record DryRunReport
{
    public required string Key { get; init; }

    /// <summary><c>run</c> (free or stale), <c>held</c>, <c>paused</c>, <c>slot_already_ran</c> or <c>over_limit</c> (every place of CRONLOCK_LIMIT taken) (a run would exit 200), <c>overrun</c> (205) or <c>error</c> (a run would exit 201).</summary>
    public required string Would { get; init; }

    /// <summary>The exit code the real run would have had; for <c>run</c>, the job's own decides it.</summary>
    public required int ExitCode { get; init; }

    /// <summary>What the real run would do, in words.</summary>
    public required string Action { get; init; }

    /// <summary>The lock as <c>--status --json</c> shows it.</summary>
    public required LockStatus Lock { get; init; }

    /// <summary>With a slot rule: the slot a run would be for (nearest Redis's clock); null without one.</summary>
    public DateTimeOffset? Slot { get; init; }
}

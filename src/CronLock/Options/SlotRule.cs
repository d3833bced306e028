using Cronos;

namespace CronLock.Options;

/// <summary>
/// CRONLOCK_PERIOD or CRONLOCK_SCHEDULE: a job runs at most once per slot, fleet-wide. Pure. The
/// slot a run is for is the slot start nearest to Redis's clock, not this host's, so hosts whose
/// clocks or cron daemons disagree by up to half the interval still agree on it. This host only
/// proposes <see cref="Candidates"/> around its own clock, and the acquire script picks among them
/// by Redis's clock: the choice costs no extra round trip.
/// </summary>
internal abstract record SlotRule
{
    /// <summary>How many slot starts on each side of this host's clock are proposed: enough for a host a whole interval off.</summary>
    public const int CandidatesPerSide = 2;

    /// <summary>
    /// Slot starts (unix seconds, ascending) around <paramref name="now"/>: the last
    /// <see cref="CandidatesPerSide"/> at or before it and the next ones after it.
    /// </summary>
    public abstract IReadOnlyList<long> Candidates(DateTimeOffset now);

    /// <summary>The rule in the words messages use.</summary>
    public abstract string Description { get; }

    /// <summary>
    /// The candidate nearest to <paramref name="serverNow"/>; the earlier of two equally near.
    /// The acquire script applies the same rule in Lua; --dry-run applies this one.
    /// </summary>
    public static long Nearest(IReadOnlyList<long> candidates, long serverNow)
    {
        var best = candidates[0];
        foreach (var candidate in candidates)
        {
            if (Math.Abs(candidate - serverNow) < Math.Abs(best - serverNow))
            {
                best = candidate;
            }
        }

        return best;
    }

    /// <summary>CRONLOCK_PERIOD: slots are the multiples of the period since the Unix epoch (UTC, no zone, no DST).</summary>
    public sealed record Every(int PeriodSeconds) : SlotRule
    {
        public override string Description => $"every {PeriodSeconds}s (CRONLOCK_PERIOD)";

        public override IReadOnlyList<long> Candidates(DateTimeOffset now)
        {
            var start = Math.DivRem(now.ToUnixTimeSeconds(), PeriodSeconds, out var rest) * PeriodSeconds - (rest < 0 ? PeriodSeconds : 0);
            return [.. Enumerable.Range(1 - CandidatesPerSide, 2 * CandidatesPerSide).Select(k => start + ((long)k * PeriodSeconds))];
        }
    }

    /// <summary>CRONLOCK_SCHEDULE: slots are the cron expression's occurrences in <paramref name="Zone"/> (Cronos: a skipped local time runs at the jump, a repeated one once).</summary>
    public sealed record Cron(CronExpression Expression, TimeZoneInfo Zone, string Text) : SlotRule
    {
        /// <summary>How far back previous occurrences are sought: past a yearly or leap-day expression's.</summary>
        private static readonly TimeSpan LongestLookBack = TimeSpan.FromDays(366 * 9);

        public override string Description => $"'{Text}' in {Zone.Id} (CRONLOCK_SCHEDULE)";

        public override IReadOnlyList<long> Candidates(DateTimeOffset now)
        {
            var utc = DateTime.SpecifyKind(now.UtcDateTime.AddTicks(-(now.UtcDateTime.Ticks % TimeSpan.TicksPerSecond)), DateTimeKind.Utc);
            var candidates = new List<long>(Previous(utc));
            var after = utc;
            for (var i = 0; i < CandidatesPerSide && Expression.GetNextOccurrence(after, Zone, inclusive: false) is { } next; i++)
            {
                candidates.Add(new DateTimeOffset(next).ToUnixTimeSeconds());
                after = next;
            }

            return candidates;
        }

        /// <summary>The last occurrences at or before <paramref name="utc"/>: Cronos looks only forward, so a window doubles back until it holds them.</summary>
        private IEnumerable<long> Previous(DateTime utc)
        {
            for (var span = TimeSpan.FromMinutes(2); ; span *= 2)
            {
                var found = Expression.GetOccurrences(utc - span, utc, Zone, fromInclusive: true, toInclusive: true).TakeLast(CandidatesPerSide).ToList();
                if (found.Count == CandidatesPerSide || span > LongestLookBack)
                {
                    return found.Select(o => new DateTimeOffset(o).ToUnixTimeSeconds());
                }
            }
        }
    }
}

using System.Collections;
using CronLock.Core.Locking;
using CronLock.Modes;
using CronLock.Options;
using CronLock.Reporting;
using Microsoft.Extensions.Time.Testing;

namespace CronLock.Tests.Modes;

/// <summary>A <see cref="ModeContext"/> from CRONLOCK_ settings, with a fake clock and a seeded random.</summary>
internal static class Contexts
{
    public static ModeContext For(Dictionary<string, string> env, TimeProvider clock, IReadOnlyList<string>? command = null, TextWriter? output = null)
    {
        var options = OptionsValidator.Validate(
            EnvironmentSource.Read(name => env.GetValueOrDefault(name), new Dictionary<Setting, string>()),
            command ?? ["job.sh"]).Options!;
        return new ModeContext(options, Serilog.Core.Logger.None, output ?? new StringWriter(), new SecretRedactor(), clock, new Random(12345), () => new Hashtable(), RunReport.None);
    }

    /// <summary>Runs <paramref name="work"/> while moving the fake clock on in small steps until it is done.</summary>
    public static async Task<T> AdvancingAsync<T>(FakeTimeProvider clock, Func<Task<T>> work, TimeSpan? step = null)
    {
        var task = work();
        for (var steps = 0; !task.IsCompleted; steps++)
        {
            Assert.True(steps < 100_000, "The mode never finished, however far the fake clock moved.");
            clock.Advance(step ?? TimeSpan.FromMilliseconds(50));
            await Task.Yield();
        }

        return await task;
    }
}

// Seed 003's story: several instances of one service run the same scheduled job; a Redis lock
// makes exactly one of them run it each period, and the others log that the lock is held.
//
//   dotnet run -- --redis 127.0.0.1:6379 --name worker-1 --period 2 --periods 5
using System.Globalization;
using CronLock.Core;
using StackExchange.Redis;

var settings = WorkerSettings.Parse(args);
await using var redis = await ConnectionMultiplexer.ConnectAsync(settings.Redis);
var locker = new RedisLocker(redis);

for (var i = 0; i < settings.Periods; i++)
{
    // Every instance wakes at the same period boundary, as a cron schedule would.
    var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
    var period = (now / 1000 / settings.PeriodSeconds) + 1;
    await Task.Delay(TimeSpan.FromMilliseconds((period * settings.PeriodSeconds * 1000) - now));

    // The lock outlives the job until just before the next period, like cronlock's GRACE: an
    // instance whose timer fires a little late must not run the same period's job again.
    var handle = await locker.ObtainAsync(
        settings.Key,
        TimeSpan.FromSeconds(settings.PeriodSeconds - 1),
        new ObtainOptions { Description = $"{settings.Name} scheduled report", Reason = "period " + period.ToString(CultureInfo.InvariantCulture) });
    if (handle is null)
    {
        Console.WriteLine($"{settings.Name} period {period}: lock held elsewhere, skipping");
        continue;
    }

    Console.WriteLine($"{settings.Name} period {period}: running the job (fencing token {handle.FencingToken})");
    await Task.Delay(200); // the job
}

internal sealed record WorkerSettings(string Redis, string Name, string Key, int PeriodSeconds, int Periods)
{
    public static WorkerSettings Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var i = Array.IndexOf(args, name);
            return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
        }

        return new WorkerSettings(
            Value("--redis", "127.0.0.1:6379"),
            Value("--name", Environment.MachineName),
            Value("--key", "cronlock.sample-report"),
            int.Parse(Value("--period", "2"), CultureInfo.InvariantCulture),
            int.Parse(Value("--periods", "5"), CultureInfo.InvariantCulture));
    }
}

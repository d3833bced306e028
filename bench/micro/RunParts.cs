using CronLock.Options;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BenchmarkDotNet.Attributes;
using Serilog;
using Serilog.Events;
using Serilog.Sinks.SystemConsole.Themes;
using StackExchange.Redis;

namespace CronLock.Benchmarks;

/// <summary>
/// The in-process parts of one cronlock run, warm (JIT, thread pool and sockets already up), so
/// what remains is each part's own cost. A real run pays these cold, once, in a fresh process:
/// bench/run.sh measures that side with hyperfine and strace.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 10)]
public class RunParts
{
    // What the acquire and leave scripts do, in shape: read the server clock, a conditional
    // write with a TTL, and on leave an owner check and a write. Not the exact scripts (those
    // live in src/ and change): the cost of a script round trip on loopback is what is measured.
    private const string AcquireScript = """
        local now = tonumber(redis.call('TIME')[1])
        if redis.call('GET', KEYS[1]) then return {0, now} end
        redis.call('SET', KEYS[1], now + tonumber(ARGV[1]) + 1, 'EX', ARGV[1])
        redis.call('HSET', KEYS[2], 'id', ARGV[2], 'started', now)
        return {1, now}
        """;

    private const string LeaveScript = """
        if redis.call('HGET', KEYS[2], 'id') ~= ARGV[1] then return -1 end
        local now = tonumber(redis.call('TIME')[1])
        redis.call('DEL', KEYS[1], KEYS[2])
        return 0
        """;

    // The single-host trim of src/CronLock/Connection/RedisConfiguration.cs.
    private static readonly HashSet<string> UnneededOnSingleServer =
        ["INFO", "CONFIG", "CLUSTER", "CLIENT", "ECHO", "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "SENTINEL"];

    private static readonly byte[] CommandLine = Encoding.UTF8.GetBytes("/usr/local/bin/report.sh --daily");

    private ConfigurationOptions _trimmed = null!;
    private ConfigurationOptions _defaults = null!;
    private ConnectionMultiplexer _open = null!;
    private IDatabase _db = null!;
    private byte[] _acquireSha = null!;
    private byte[] _leaveSha = null!;
    private readonly RedisKey[] _keys = ["bench.micro.lock", "{bench.micro.lock}:holder"];

    [GlobalSetup]
    public void Setup()
    {
        var port = int.Parse(Environment.GetEnvironmentVariable("BENCH_REDIS_PORT") ?? "6379", CultureInfo.InvariantCulture);
        _defaults = new ConfigurationOptions { EndPoints = { { "127.0.0.1", port } }, AbortOnConnectFail = true };
        _trimmed = new ConfigurationOptions
        {
            EndPoints = { { "127.0.0.1", port } },
            AbortOnConnectFail = true,
            ConnectRetry = 1,
            TieBreaker = string.Empty,
            ConfigurationChannel = string.Empty,
            SetClientLibrary = false,
            CommandMap = CommandMap.Create(UnneededOnSingleServer, available: false),
            Protocol = RedisProtocol.Resp2,
            DefaultVersion = new Version(6, 0),
        };
        _open = ConnectionMultiplexer.Connect(_trimmed);
        _db = _open.GetDatabase();
        var server = _open.GetServer("127.0.0.1", port);
        _acquireSha = server.ScriptLoad(AcquireScript);
        _leaveSha = server.ScriptLoad(LeaveScript);

        if (!Md5.Hash(CommandLine).AsSpan().SequenceEqual(MD5.HashData(CommandLine)))
        {
            throw new InvalidOperationException("managed MD5 differs from MD5.HashData");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _open.Dispose();

    [Benchmark(Description = "connect + close, trimmed single-host handshake")]
    public async Task ConnectTrimmed()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(_trimmed);
    }

    [Benchmark(Description = "connect + close, library defaults")]
    public async Task ConnectDefaults()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(_defaults);
    }

    [Benchmark(Description = "acquire + leave: two EVALSHA round trips")]
    public async Task<RedisResult> AcquireAndLeave()
    {
        await _db.ScriptEvaluateAsync(_acquireSha, _keys, [86400, "bench:1:0123456789abcdef"]);
        return await _db.ScriptEvaluateAsync(_leaveSha, _keys, ["bench:1:0123456789abcdef"]);
    }

    [Benchmark(Description = "the redis-cli pair's commands: SET NX EX + DEL")]
    public async Task<bool> SetNxThenDelete()
    {
        await _db.StringSetAsync("bench.micro.pair", "v", TimeSpan.FromSeconds(60), When.NotExists);
        return await _db.KeyDeleteAsync("bench.micro.pair");
    }

    [Benchmark(Description = "md5 of the command line, MD5.HashData (OpenSSL, loaded)")]
    public byte[] Md5Platform() => MD5.HashData(CommandLine);

    [Benchmark(Description = "md5 of the command line, managed RFC 1321 code")]
    public byte[] Md5Managed() => Md5.Hash(CommandLine);

    [Benchmark(Description = "Serilog logger to stderr, created as LoggerSetup does")]
    public Serilog.Core.Logger CreateLogger()
    {
        var logger = new LoggerConfiguration()
            .MinimumLevel.Is(LogEventLevel.Information)
            .WriteTo.Console(
                outputTemplate: "{Timestamp:yyyy-MM-ddTHH:mm:sszzz} cronlock[1] {Level:w}: {Message:lj}{NewLine}",
                formatProvider: CultureInfo.InvariantCulture,
                standardErrorFromLevel: LogEventLevel.Verbose,
                theme: ConsoleTheme.None)
            .CreateLogger();
        logger.Dispose();
        return logger;
    }
}

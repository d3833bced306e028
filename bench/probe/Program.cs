using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Serilog;
using Serilog.Events;
using Serilog.Sinks.SystemConsole.Themes;
using StackExchange.Redis;

namespace CronLock.Probe;

/// <summary>
/// probe PART [redis-port]: runs one part of a cronlock run in a fresh process and exits 0.
/// "idle" runs nothing: the start-up floor of a binary that links what cronlock links.
/// </summary>
internal static partial class Program
{
    private static readonly string[] Unneeded = ["INFO", "CONFIG", "CLUSTER", "CLIENT", "ECHO", "SUBSCRIBE", "PSUBSCRIBE", "SSUBSCRIBE", "SENTINEL"];

    private static async Task<int> Main(string[] args)
    {
        var port = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 6379;
        switch (args.Length > 0 ? args[0] : "idle")
        {
            case "idle":
                return 0;
            case "cli":
                return CommandLine();
            case "logger":
                Logger().Information("{Text}", "probe");
                return 0;
            case "md5-openssl":
                return MD5.HashData("/usr/local/bin/report.sh --daily"u8)[0] == 255 ? 1 : 0;
            case "md5-managed":
                return CronLock.Options.Md5.Hash("/usr/local/bin/report.sh --daily"u8)[0] == 255 ? 1 : 0;
            case "libc-probed":
                return getpid() > 0 ? 0 : 1;
            case "libc-direct":
                return getpid_direct() > 0 ? 0 : 1;
            case "raw-sync":
                return RawRedis.Sync(port);
            case "raw-async":
                return await RawRedis.Async(port);
            case "connect":
                await using (var redis = await ConnectionMultiplexer.ConnectAsync(Trimmed(port)))
                {
                    await redis.GetDatabase().PingAsync();
                }

                return 0;
            case "connect-sync":
                // The library's blocking API: what a synchronous single-host path would call.
                using (var redis = ConnectionMultiplexer.Connect(Trimmed(port)))
                {
                    redis.GetDatabase().Ping();
                }

                return 0;
            default:
                await Console.Error.WriteLineAsync($"unknown part {args[0]}");
                return 2;
        }
    }

    /// <summary>A root command shaped like cronlock's: 40 string options, a captured argv.</summary>
    private static int CommandLine()
    {
        var root = new RootCommand("probe");
        for (var i = 0; i < 40; i++)
        {
            root.Options.Add(new Option<string>($"--setting-{i}") { Description = $"Setting {i} [CRONLOCK_SETTING_{i}; default: {i}]" });
        }

        var command = new Argument<string[]>("command") { Arity = ArgumentArity.ZeroOrMore, CaptureRemainingTokens = true };
        root.Arguments.Add(command);
        var parse = root.Parse(["true"], new ParserConfiguration { ResponseFileTokenReplacer = null });
        return parse.GetValue(command)?.Length == 1 ? 0 : 1;
    }

    private static Serilog.Core.Logger Logger() =>
        new LoggerConfiguration()
            .MinimumLevel.Is(LogEventLevel.Information)
            .WriteTo.Console(
                outputTemplate: "{Timestamp:yyyy-MM-ddTHH:mm:sszzz} probe[1] {Level:w}: {Message:lj}{NewLine}",
                formatProvider: CultureInfo.InvariantCulture,
                standardErrorFromLevel: LogEventLevel.Verbose,
                theme: ConsoleTheme.None)
            .CreateLogger();

    private static ConfigurationOptions Trimmed(int port) => new()
    {
        EndPoints = { { "127.0.0.1", port } },
        AbortOnConnectFail = true,
        ConnectRetry = 1,
        TieBreaker = string.Empty,
        ConfigurationChannel = string.Empty,
        SetClientLibrary = false,
        CommandMap = CommandMap.Create([.. Unneeded], available: false),
        Protocol = RedisProtocol.Resp2,
        DefaultVersion = new Version(6, 0),
    };

    [LibraryImport("libc")]
    private static partial int getpid();

    [LibraryImport("libc.direct", EntryPoint = "getpid")]
    private static partial int getpid_direct();
}

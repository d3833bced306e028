using CronLock.CommandLine;
using CronLock.Core.Locking;
using CronLock.Files;
using CronLock.Logging;
using CronLock.Modes;
using CronLock.Options;
using CronLock.Reporting;
using CronLock.Running;

namespace CronLock;

/// <summary>From a read command line to an exit code: settings, validation, the run.</summary>
internal static class CronLockApp
{
    public static async Task<int> RunAsync(CommandLineInput input)
    {
        IReadOnlyDictionary<Setting, RawValue>? configFile = null;
        if (EnvironmentSource.ConfigPath(Environment.GetEnvironmentVariable, input.Flags, File.Exists) is { } config)
        {
            // A file that was asked for but cannot be read is an error, as is one that does not parse.
            var (text, _, readError) = SettingFile.Read(config.Text, config.Origin, ConfigFile.MaxBytes);
            var (values, error) = text is null ? (null, readError) : ConfigFile.Parse(config.Text, text);
            if (values is null)
            {
                LoggerSetup.ForEarlyError(Environment.GetEnvironmentVariable(Settings.LogFormat.EnvVar)).Error("{Error}", error);
                return ExitCodes.Error;
            }

            configFile = values;
        }

        var raw = EnvironmentSource.Read(Environment.GetEnvironmentVariable, input.Flags, configFile);
        var validation = OptionsValidator.Validate(raw, input.Command, input.RequestedMode, input.Json, readSecretFile: SecretFile.Read, unlockToken: input.UnlockToken, processArguments: input.ProcessArguments, all: input.All);
        if (validation.Options is not { } options)
        {
            LoggerSetup.ForEarlyError(raw.TryGetValue(Settings.LogFormat, out var format) ? format.Text : null).Error("{Error}", validation.Error);
            return ExitCodes.Error;
        }

        PhaseMarks.Mark("settings");
        var log = LoggerSetup.Create(options.Verbose, options.LogFormat);
        if (options.MetricsDirectory is { } metrics && MetricsDirectoryProblem(metrics) is { } problem)
        {
            log.Error("{Setting} {Path} {Problem}", Settings.MetricsDir.EnvVar, metrics, problem);
            return ExitCodes.Error;
        }
        if (input.FlagsAfterCommand.Count > 0)
        {
            log.Warning("{Warning}", FlagsAfterCommandWarning(input.FlagsAfterCommand));
        }

        try
        {
            var began = TimeProvider.System.GetUtcNow();
            var report = RunSinks.For(options, log, ReadPreviousMetrics);
            using var capture = options.CaptureOutput && options.Mode == RunMode.Run
                ? new OutputCapture(options.Quiet, Environment.GetEnvironmentVariable("TMPDIR"))
                : null;
            var outcome = await new Invocation(ModeContext.ForProcess(options, log, report, capture)).RunAsync();
            if (options.Quiet && outcome.ExitCode != ExitCodes.Success)
            {
                // cronic: a failed run shows all the job printed (nothing when no job ran: a held lock).
                capture?.Replay();
            }

            if (outcome is RunOutcome.Failed failed)
            {
                log.Error("{Error}", failed.Error);
            }

            // The run as the sinks report it: built once, here, where the outcome is final (RunSinks
            // gives only a run sinks).
            if (report.IsActive && outcome.Record(options, report.Start?.FencingToken, report.Start?.At ?? began, TimeProvider.System.GetUtcNow(), capture?.Tail) is { } record)
            {
                await report.FinishAsync(record);
            }

            return outcome.ExitCode;
        }
        catch (Exception e)
        {
            // A bug, not an expected failure: still one line, still 201, and no stack trace in cron mail.
            log.Error("internal error: {Message}", new SecretRedactor([.. options.Secrets]).FirstLine(e.Message));
            return ExitCodes.Error;
        }
    }

    /// <summary>Checked before the job starts: a directory that is not there is a bad setting, not a warning after the run.</summary>
    private static string? MetricsDirectoryProblem(string path) => FileSystemCalls.Describe(path) switch
    {
        null => "does not exist",
        { Kind: "a directory" } => null,
        var facts => $"is {facts.Kind}, not a directory",
    };

    /// <summary>The previous metrics file, read as any file a setting names is (a regular file, capped); null when absent or unreadable.</summary>
    private static string? ReadPreviousMetrics(string path) =>
        File.Exists(path) ? SettingFile.Read(path, Settings.MetricsDir.EnvVar, maxBytes: 64 * 1024).Text : null;

    /// <summary>
    /// Said, not refused: a command may really end in "--json" (its lock is then looked up as given),
    /// and reading it as cronlock's would look up another lock for anyone whose job takes that flag.
    /// </summary>
    internal static string FlagsAfterCommandWarning(IReadOnlyList<string> flags) =>
        flags.Count == 1
            ? $"{flags[0]} after the command is a word of the command, not a cronlock option (options end at the command's first word): put it before the command"
            : $"{string.Join(" ", flags)} after the command are words of the command, not cronlock options (options end at the command's first word): put them before the command";
}

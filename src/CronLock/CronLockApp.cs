using CronLock.CommandLine;
using CronLock.Core.Locking;
using CronLock.Files;
using CronLock.Logging;
using CronLock.Modes;
using CronLock.Options;

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
                LoggerSetup.Create(verbose: false).Error("{Error}", error);
                return ExitCodes.Error;
            }

            configFile = values;
        }

        var raw = EnvironmentSource.Read(Environment.GetEnvironmentVariable, input.Flags, configFile);
        var validation = OptionsValidator.Validate(raw, input.Command, input.RequestedMode, input.Json, readSecretFile: SecretFile.Read, unlockToken: input.UnlockToken, processArguments: input.ProcessArguments, all: input.All);
        if (validation.Options is not { } options)
        {
            LoggerSetup.Create(verbose: false).Error("{Error}", validation.Error);
            return ExitCodes.Error;
        }

        var log = LoggerSetup.Create(options.Verbose);
        if (input.FlagsAfterCommand.Count > 0)
        {
            log.Warning("{Warning}", FlagsAfterCommandWarning(input.FlagsAfterCommand));
        }

        try
        {
            var outcome = await new Invocation(ModeContext.ForProcess(options, log)).RunAsync();
            if (outcome is RunOutcome.Failed failed)
            {
                log.Error("{Error}", failed.Error);
            }

            return outcome.ExitCode;
        }
        catch (Exception e)
        {
            // A bug, not an expected failure: still one line, still 201, and no stack trace in cron mail.
            log.Error("internal error: {Message}", new SecretRedactor([.. options.Redis.Secrets]).FirstLine(e.Message));
            return ExitCodes.Error;
        }
    }

    /// <summary>
    /// Said, not refused: a command may really end in "--json" (its lock is then looked up as given),
    /// and reading it as cronlock's would look up another lock for anyone whose job takes that flag.
    /// </summary>
    internal static string FlagsAfterCommandWarning(IReadOnlyList<string> flags) =>
        flags.Count == 1
            ? $"{flags[0]} after the command is a word of the command, not a cronlock option (options end at the command's first word): put it before the command"
            : $"{string.Join(" ", flags)} after the command are words of the command, not cronlock options (options end at the command's first word): put them before the command";
}

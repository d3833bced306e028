namespace CronLock.Options;

/// <summary>What --pause, --resume, --all and --for may be given with. Pure.</summary>
internal static class PauseValidation
{
    /// <summary>--all names every job under the prefix, so it stands instead of a --key or a command, and only for a pause or a resume.</summary>
    public static void CheckTarget(RunMode mode, bool all, string? key, int commandWords)
    {
        if (all && mode is not (RunMode.Pause or RunMode.Resume))
        {
            throw new InvalidSettingException("--all only applies to --pause and --resume");
        }

        if (all && (key is not null || commandWords > 0))
        {
            throw new InvalidSettingException($"--{mode.ToString().ToLowerInvariant()} --all is for every job under the prefix: give no CRONLOCK_KEY / --key and no command");
        }
    }

    /// <summary>CRONLOCK_PAUSE_FOR / --for: only with --pause; 0 (not given) = until --resume.</summary>
    public static int Seconds(SettingReader read, RunMode mode)
    {
        if (!read.IsGiven(Settings.PauseFor))
        {
            return 0;
        }

        if (mode != RunMode.Pause)
        {
            throw new InvalidSettingException($"{Settings.PauseFor.Flag} ({Settings.PauseFor.EnvVar}) only applies to --pause");
        }

        return read.Duration(Settings.PauseFor, 0, min: 1);
    }
}

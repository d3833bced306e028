using System.CommandLine;
using System.Text.RegularExpressions;
using CronLock.Options;

namespace CronLock.Tests;

/// <summary>
/// Keeps docs/man/cronlock.1 and contrib/cronlock.bash-completion in step with the command line:
/// every option and every CRONLOCK_* setting documented and completed, nothing documented or
/// completed that the command lacks, and each setting's flag, value name and default as --help shows them.
/// </summary>
public sealed partial class ManPageTests
{
    private const string ManPagePath = "docs/man/cronlock.1";
    private const string CompletionPath = "contrib/cronlock.bash-completion";

    /// <summary>CRONLOCK_* names the man page may mention that are not settings, and why.</summary>
    private static readonly Dictionary<string, string> OtherVariables = new()
    {
        ["CRONLOCK_LOCK_KEY"] = "set by cronlock for the job",
        ["CRONLOCK_FENCING_TOKEN"] = "set by cronlock for the job",
        ["CRONLOCK_NTPDATE"] = "the bash cronlock's, documented as not read",
    };

    private static readonly Lazy<string> RepositoryRoot = new(FindRepositoryRoot);

    private static readonly Lazy<string[]> ManLines = new(() => File.ReadAllLines(Path.Combine(RepositoryRoot.Value, ManPagePath)));

    private static readonly Lazy<string> Completion = new(() => File.ReadAllText(Path.Combine(RepositoryRoot.Value, CompletionPath)));

    /// <summary>Every spelling of every option of the root command (incl. --status, --help, --version).</summary>
    public static TheoryData<string> OptionNames => new(AllOptions().SelectMany(SpellingsOf).Order(StringComparer.Ordinal));

    public static TheoryData<string> SettingVariables => new(Settings.All.Select(s => s.EnvVar));

    [Theory]
    [MemberData(nameof(OptionNames))]
    public void ManPage_DocumentsEveryOption(string option)
    {
        Assert.True(ContainsToken(ManText(includeExamples: true), option), $"{ManPagePath} does not mention {option}");
    }

    [Theory]
    [MemberData(nameof(OptionNames))]
    public void Completion_OffersEveryOption(string option)
    {
        Assert.True(ContainsToken(CompletionCode(), option), $"{CompletionPath} does not offer {option}");
    }

    [Theory]
    [MemberData(nameof(SettingVariables))]
    public void ManPage_DocumentsEverySettingsVariable(string variable)
    {
        Assert.True(ContainsToken(ManText(includeExamples: true), variable), $"{ManPagePath} does not mention {variable}");
    }

    [Fact]
    public void ManPage_NamesNoOptionTheCommandLacks()
    {
        var known = AllOptions().SelectMany(SpellingsOf).ToHashSet(StringComparer.Ordinal);

        // Examples may show a job's own options (report.sh --daily); everything else is cronlock's.
        var unknown = LongOptionRegex().Matches(ManText(includeExamples: false)).Select(m => m.Value)
            .Where(flag => !known.Contains(flag)).Distinct().ToList();

        Assert.True(unknown.Count == 0, $"{ManPagePath} names options cronlock lacks: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void ManPage_NamesNoVariableCronLockLacks()
    {
        var known = Settings.All.Select(s => s.EnvVar).Concat(OtherVariables.Keys).ToHashSet(StringComparer.Ordinal);

        var unknown = VariableRegex().Matches(ManText(includeExamples: true)).Select(m => m.Value)
            .Where(name => !known.Contains(name)).Distinct().ToList();

        Assert.True(unknown.Count == 0, $"{ManPagePath} names variables that are not settings: {string.Join(", ", unknown)}");
    }

    [Theory]
    [MemberData(nameof(SettingVariables))]
    public void ManPage_EnvironmentTable_GivesTheSettingsFlagAndDefault(string variable)
    {
        var setting = Settings.All.Single(s => s.EnvVar == variable);

        var row = EnvironmentTable().SingleOrDefault(r => r[0] == variable);

        Assert.True(row is not null, $"the ENVIRONMENT table of {ManPagePath} has no row for {variable}");
        Assert.Equal(new[] { setting.EnvVar, setting.Flag, setting.Default }, row);
    }

    [Fact]
    public void ManPage_EnvironmentTable_HasOneRowPerSetting()
    {
        var rows = EnvironmentTable().Select(r => r[0]).ToList();

        Assert.Equal(Settings.All.Select(s => s.EnvVar).Order(StringComparer.Ordinal), rows.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(SettingVariables))]
    public void ManPage_OptionItem_ShowsTheValueNameOfHelp(string variable)
    {
        var setting = Settings.All.Single(s => s.EnvVar == variable);
        var expected = setting.IsSwitch
            ? $".B {Roff(setting.Flag)}"
            : $".BI {Roff(setting.Flag)} \" {setting.ValueName}\"";

        Assert.True(ManLines.Value.Contains(expected, StringComparer.Ordinal),
            $"{ManPagePath} has no option item `{expected}` for {setting.Flag} (a switch takes no value; others show --help's value name)");
    }

    [Fact]
    public void Completion_ValueOptions_AreExactlyTheOptionsThatTakeAValue()
    {
        // The completion finds where the job's command starts by skipping each value option's value.
        var takingAValue = AllOptions().Where(o => o.Arity.MaximumNumberOfValues > 0).SelectMany(SpellingsOf);
        var switches = AllOptions().Where(o => o.Arity.MaximumNumberOfValues == 0).SelectMany(SpellingsOf);

        Assert.Equal(takingAValue.Order(StringComparer.Ordinal), CompletionList("_cronlock_value_options").Order(StringComparer.Ordinal));
        Assert.Equal(switches.Order(StringComparer.Ordinal), CompletionList("_cronlock_switches").Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Completion_NamesNoOptionTheCommandLacks()
    {
        var known = AllOptions().SelectMany(SpellingsOf).ToHashSet(StringComparer.Ordinal);

        var unknown = LongOptionRegex().Matches(CompletionCode()).Select(m => m.Value)
            .Where(flag => !known.Contains(flag)).Distinct().ToList();

        Assert.True(unknown.Count == 0, $"{CompletionPath} offers options cronlock lacks: {string.Join(", ", unknown)}");
    }

    private static IEnumerable<Option> AllOptions() => new CronLockCommand().Options;

    /// <summary>The names a user types: --help, -h and -? (not the DOS-style /h and /?, which help never shows).</summary>
    private static IEnumerable<string> SpellingsOf(Option option) =>
        new[] { option.Name }.Concat(option.Aliases).Where(name => name.StartsWith('-'));

    private static bool ContainsToken(string text, string token) =>
        Regex.IsMatch(text, $@"(?<![\w-]){Regex.Escape(token)}(?![\w-])");

    /// <summary>
    /// The page as a reader sees the words: roff's escaped hyphens made plain, font changes and
    /// zero-width marks dropped, comments removed; optionally without the .EX/.EE example blocks.
    /// </summary>
    private static string ManText(bool includeExamples)
    {
        var lines = new List<string>();
        var inExample = false;
        foreach (var line in ManLines.Value)
        {
            if (line.StartsWith(".\\\"", StringComparison.Ordinal) || line.StartsWith("'\\\"", StringComparison.Ordinal))
            {
                continue;
            }

            inExample = line switch
            {
                ".EX" => true,
                ".EE" => false,
                _ => inExample,
            };
            if (includeExamples || !inExample)
            {
                lines.Add(Unroff(line));
            }
        }

        return string.Join('\n', lines);
    }

    /// <summary>The rows of the ENVIRONMENT table (tbl, fields separated by ';'), each as [variable, flag, default].</summary>
    private static List<string[]> EnvironmentTable()
    {
        var lines = ManLines.Value;
        var start = Array.IndexOf(lines, ".SH ENVIRONMENT");
        Assert.True(start >= 0, $"{ManPagePath} has no ENVIRONMENT section");
        var table = Array.IndexOf(lines, ".TS", start);
        var end = Array.IndexOf(lines, ".TE", start);
        Assert.True(table > start && end > table, $"the ENVIRONMENT section of {ManPagePath} has no tbl table");

        // .TS, the options line ("tab(;);"), the format line ("lB lB l."), then the rows.
        return lines[(table + 3)..end].Select(row => Unroff(row).Split(';')).ToList();
    }

    private static string CompletionCode() =>
        string.Join('\n', Completion.Value.Split('\n').Where(line => !line.TrimStart().StartsWith('#')));

    /// <summary>The words of a shell variable assigned a single-quoted list in the completion script.</summary>
    private static string[] CompletionList(string variable)
    {
        var match = Regex.Match(Completion.Value, $@"^{Regex.Escape(variable)}='([^']*)'", RegexOptions.Multiline);
        Assert.True(match.Success, $"{CompletionPath} does not assign {variable}");
        return match.Groups[1].Value.Split([' ', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries);
    }

    private static string Unroff(string line) =>
        FontEscapeRegex().Replace(line, "")
            .Replace("\\-", "-", StringComparison.Ordinal)
            .Replace("\\&", "", StringComparison.Ordinal)
            .Replace("\\(dq", "\"", StringComparison.Ordinal);

    private static string Roff(string flag) => flag.Replace("-", "\\-", StringComparison.Ordinal);

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CronLock.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No CronLock.sln above {AppContext.BaseDirectory}: cannot find {ManPagePath}.");
    }

    [GeneratedRegex(@"(?<![\w-])--[a-z][a-z0-9-]*")]
    private static partial Regex LongOptionRegex();

    [GeneratedRegex(@"\bCRONLOCK_[A-Z0-9_]*[A-Z0-9]")]
    private static partial Regex VariableRegex();

    [GeneratedRegex(@"\\f[BIRP]")]
    private static partial Regex FontEscapeRegex();
}

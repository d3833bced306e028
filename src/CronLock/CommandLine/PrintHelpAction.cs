using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace CronLock.CommandLine;

/// <summary>
/// --help as the parser reads the command line. The library's page would say
/// <c>cronlock [&lt;command&gt;...] [options]</c>, but options end at the first word of the job
/// (its own flags reach it untouched), so its usage section is replaced; and the exit codes,
/// which crontab users look up most, close the page. The library's help builder is not public:
/// its page is rendered, then edited.
/// </summary>
internal sealed class PrintHelpAction(HelpAction library) : SynchronousCommandLineAction
{
    /// <summary>Fits an 80-column terminal and man-page-like readers even when piped.</summary>
    public const int Width = 80;

    /// <summary>The usage lines after the program's name.</summary>
    public static readonly IReadOnlyList<string> Usage =
    [
        " [options] [--] command [args...]",
        " --status|--list [--json] [options] [[--] command [args...]]",
        " --acquire|--unlock token|--reset [options] [[--] command [args...]]",
        " --dry-run [--json] [options] [--] command [args...]",
    ];

    public const string OptionsEnd = "Options end at the command's first word: the rest goes to the command as is.";

    public static readonly IReadOnlyList<string> ExitCodes =
    [
        "200 the lock is held elsewhere, nothing ran; otherwise the command's own code",
        "201 cronlock failed, nothing ran: the one line on stderr says why",
        "202 killed at TIMEOUT; 203 lease lost, job stopped; 204 wrong --unlock token",
        "205 overrun: an earlier PERIOD/SCHEDULE slot still runs, this slot skipped",
        "126 command not executable; 127 command not found; 128+N killed by signal N",
    ];

    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        library.MaxWidth = Width;
        var configuration = parseResult.InvocationConfiguration;
        var output = configuration.Output;
        var page = new StringWriter();
        configuration.Output = page;
        try
        {
            library.Invoke(parseResult);
        }
        finally
        {
            configuration.Output = output;
        }

        output.Write(Edit(page.ToString(), parseResult.RootCommandResult.Command.Name));
        return CronLock.ExitCodes.Success;
    }

    /// <summary>
    /// The library's page with cronlock's usage as its second section (after the description;
    /// sections are separated by an empty line) and the exit codes as its last.
    /// </summary>
    internal static string Edit(string page, string name)
    {
        var sections = page.ReplaceLineEndings("\n").TrimEnd('\n').Split("\n\n").ToList();
        var usage = sections.FindIndex(s => s.StartsWith("Usage:", StringComparison.Ordinal));
        sections[usage < 0 ? 1 : usage] = Section("Usage:", [.. Usage.Select(line => name + line), OptionsEnd]);
        sections.Add(Section("Exit codes:", ExitCodes));
        return string.Join("\n\n", sections) + "\n";
    }

    private static string Section(string title, IEnumerable<string> lines) => string.Join('\n', lines.Select(line => "  " + line).Prepend(title));
}

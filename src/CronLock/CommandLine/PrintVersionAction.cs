using System.CommandLine;
using System.CommandLine.Invocation;

namespace CronLock.CommandLine;

/// <summary>--version: the version and the commit it was built from.</summary>
internal sealed class PrintVersionAction : SynchronousCommandLineAction
{
    public override int Invoke(ParseResult parseResult)
    {
        parseResult.InvocationConfiguration.Output.WriteLine(VersionText.Get());
        return ExitCodes.Success;
    }
}

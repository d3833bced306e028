using System.Text;
using CronLock.Options;

namespace CronLock.Tests;

public sealed class CommandBytesTests
{
    private static readonly byte[] Cafe = [0x63, 0x61, 0x66, 0xe9];

    [Fact]
    public void Of_ArgvTailThatDecodesToTheCommand_IsTakenByteForByte()
    {
        // cronlock --port 7000 printf %s caf\xe9: .NET parsed the last word as "caf\uFFFD".
        byte[][] argv = ["--port"u8.ToArray(), "7000"u8.ToArray(), "printf"u8.ToArray(), "%s"u8.ToArray(), Cafe];

        var bytes = CommandBytes.Of(["printf", "%s", "caf\uFFFD"], argv);

        Assert.Equal([.. argv[2..]], bytes);
    }

    [Fact]
    public void Of_ArgvTailThatDiffersFromTheCommand_FallsBackToUtf8OfTheCommand()
    {
        byte[][] argv = ["printf"u8.ToArray(), "other"u8.ToArray()];

        var bytes = CommandBytes.Of(["printf", "%s"], argv);

        Assert.Equal(["printf"u8.ToArray(), "%s"u8.ToArray()], bytes);
    }

    [Fact]
    public void Of_UnknownArgvOrShorterThanTheCommand_FallsBackToUtf8OfTheCommand()
    {
        Assert.Equal([Encoding.UTF8.GetBytes("naïve")], CommandBytes.Of(["naïve"], null));
        Assert.Equal([Encoding.UTF8.GetBytes("a"), Encoding.UTF8.GetBytes("b")], CommandBytes.Of(["a", "b"], ["b"u8.ToArray()]));
    }

    [Fact]
    public void Of_AWordTheParserSplitAtEqualsOrColon_IsTheWordAsGiven()
    {
        // cronlock --grace 1 printf [%s] --prefix=a --json:x: the parser hands over "--prefix", "a", "--json", "x".
        byte[][] argv = [.. new[] { "--grace", "1", "printf", "[%s]", "--prefix=a", "--json:x" }.Select(Encoding.UTF8.GetBytes)];

        var bytes = CommandBytes.Of(["printf", "[%s]", "--prefix", "a", "--json", "x"], argv);

        Assert.Equal([.. argv[2..]], bytes);
    }

    [Fact]
    public void Of_TwoWordsThatWereGivenApart_StayApart()
    {
        byte[][] argv = [.. new[] { "--grace", "1", "printf", "--prefix", "a" }.Select(Encoding.UTF8.GetBytes)];

        Assert.Equal([.. argv[2..]], CommandBytes.Of(["printf", "--prefix", "a"], argv));
    }

    [Fact]
    public void Of_NoCommand_IsEmpty()
    {
        Assert.Empty(CommandBytes.Of([], ["--list"u8.ToArray()]));
    }
}

using CronLock.CommandLine;
namespace CronLock.Tests;

public sealed class FlagSuggestionTests
{
    private static readonly string[] Flags = ["--tls", "--tls-ca", "--verbose", "--db", "--key", "--help"];

    [Theory]
    [InlineData("--verbos", "--verbose")] // one dropped
    [InlineData("--verbosee", "--verbose")] // one added
    [InlineData("--verbese", "--verbose")] // one replaced
    [InlineData("--vebrose", "--verbose")] // two neighbours swapped
    [InlineData("--tsl", "--tls")]
    [InlineData("--tls-c", "--tls-ca")]
    [InlineData("--verbos=yes", "--verbose")]
    [InlineData("--kye", "--key")]
    public void Near_FindsTheFlagOneEditAway(string word, string expected)
    {
        Assert.Equal([expected], FlagSuggestion.Near(word, Flags));
    }

    [Theory]
    [InlineData("--verbosity")]
    [InlineData("--tls")] // itself
    [InlineData("--bogus")]
    [InlineData("--vrebsoe")]
    [InlineData("")]
    public void Near_FindsNothingFurther(string word)
    {
        Assert.Empty(FlagSuggestion.Near(word, Flags));
    }

    [Fact]
    public void Hint_NamesEveryFlagOneEditAway()
    {
        Assert.Equal(" (did you mean --db or --dz?)", FlagSuggestion.Hint("--dy", ["--db", "--key", "--dz", "--dy-run", "--db"]));
        Assert.Equal(" (did you mean --key?)", FlagSuggestion.Hint("--ke", ["--db", "--key"]));
        Assert.Equal("", FlagSuggestion.Hint("--x", ["--db"]));
    }
}

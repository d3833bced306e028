using CronLock.Core.Locking;

namespace CronLock.Tests;

public sealed class SecretRedactorTests
{
    [Theory]
    [InlineData("s3cr3t@pw", "auth as s3cr3t@pw failed", "auth as *** failed")]
    [InlineData("s3cr3t@pw", "redis://:s3cr3t%40pw@host", "redis://:***@host")]
    [InlineData("a/b?c", "redis://:a%2Fb%3Fc@host", "redis://:***@host")]
    [InlineData("a/b?c", "redis://:a%2fb%3fc@host", "redis://:***@host")]
    [InlineData("a/b?c", "redis://:a/b%3fc@host", "redis://:***@host")]
    [InlineData("pässwort", "p%C3%A4sswort and p%c3%a4sswort and pässwort", "*** and *** and ***")]
    [InlineData("s3cr3t%40pw", "decoded s3cr3t@pw and raw s3cr3t%40pw", "decoded *** and raw ***")]
    [InlineData("abc", "%61%62%63", "***")]
    public void Redact_RemovesThePasswordInEverySpelling(string secret, string text, string expected)
    {
        var redactor = new SecretRedactor(secret);

        Assert.Equal(expected, redactor.Redact(text));
        Assert.True(redactor.Reveals(text));
    }

    [Theory]
    [InlineData("s3cr3t@pw", "s3cr3t@p")]
    [InlineData("s3cr3t@pw", "s3cr3t%4pw")]
    [InlineData("s3cr3t@pw", "s3cr3t%41pw")]
    [InlineData("abc", "")]
    public void Redact_LeavesOtherTextAlone(string secret, string text)
    {
        var redactor = new SecretRedactor(secret);

        Assert.Equal(text, redactor.Redact(text));
        Assert.False(redactor.Reveals(text));
    }

    [Fact]
    public void Redact_WithNoSecrets_ChangesNothing()
    {
        Assert.Equal("anything %40 @", new SecretRedactor(null, "").Redact("anything %40 @"));
    }

    [Fact]
    public void FirstLine_RedactsBeforeCutting_SoNoPrefixOfThePasswordIsLeft()
    {
        var secret = "tail-" + new string('x', 40);
        var text = new string('a', 150) + " " + secret + " more";

        var line = new SecretRedactor(secret).FirstLine(text);

        Assert.DoesNotContain("tail-", line, StringComparison.Ordinal);
    }
}

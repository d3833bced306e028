using CronLock.Running;

namespace CronLock.Tests;

/// <summary>The output tail keeps the last bytes, in the order they came, however they were split into reads.</summary>
public sealed class OutputTailTests
{
    [Fact]
    public void Tail_UnderCapacity_KeepsEverything()
    {
        var tail = new OutputTail(10);
        tail.Append("abc"u8);
        tail.Append("de"u8);

        Assert.Equal("abcde"u8.ToArray(), tail.ToArray());
        Assert.Equal(5, tail.Total);
    }

    [Fact]
    public void Tail_Empty_IsEmpty()
    {
        Assert.Empty(new OutputTail(10).ToArray());
    }

    [Fact]
    public void Tail_ExactlyFull_KeepsEverything()
    {
        var tail = new OutputTail(4);
        tail.Append("ab"u8);
        tail.Append("cd"u8);

        Assert.Equal("abcd"u8.ToArray(), tail.ToArray());
    }

    [Fact]
    public void Tail_WrappingAround_KeepsTheLastBytesInOrder()
    {
        var tail = new OutputTail(4);
        tail.Append("abc"u8);
        tail.Append("de"u8);
        tail.Append("f"u8);

        Assert.Equal("cdef"u8.ToArray(), tail.ToArray());
        Assert.Equal(6, tail.Total);
    }

    [Fact]
    public void Tail_OneWriteLongerThanCapacity_KeepsItsEnd()
    {
        var tail = new OutputTail(4);
        tail.Append("xy"u8);
        tail.Append("0123456789"u8);

        Assert.Equal("6789"u8.ToArray(), tail.ToArray());
        Assert.Equal(12, tail.Total);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    [InlineData(65536)]
    public void Tail_OfManyReads_EqualsTheLastBytesOfTheWhole(int chunk)
    {
        var data = new byte[100_000];
        new Random(chunk).NextBytes(data);
        var tail = new OutputTail(OutputTail.DefaultCapacity);
        for (var at = 0; at < data.Length; at += chunk)
        {
            tail.Append(data.AsSpan(at, Math.Min(chunk, data.Length - at)));
        }

        Assert.Equal(data[^OutputTail.DefaultCapacity..], tail.ToArray());
    }

    [Fact]
    public void Tail_WithNoCapacity_KeepsNothing()
    {
        var tail = new OutputTail(0);
        tail.Append("abc"u8);

        Assert.Empty(tail.ToArray());
        Assert.Equal(3, tail.Total);
    }
}

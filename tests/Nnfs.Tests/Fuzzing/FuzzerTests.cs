using Xunit.Sdk;

namespace Nnfs.Tests.Fuzzing;

public class FuzzerTests
{
    private static readonly byte[] Seed = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];

    [Fact]
    public void AllowedExceptionsAreCountedAsRefusals()
    {
        int refused = Fuzzer.Run("allowed", Seed, input => { if (input.Length != Seed.Length) throw new FileNotFoundException(); },
            _ => 1 << 20, [typeof(IOException)], cases: 300);
        Assert.InRange(refused, 1, 299);
    }

    [Fact]
    public void AnUndocumentedExceptionFailsNamingTheCase()
    {
        var ex = Assert.Throws<FailException>(() => Fuzzer.Run("undocumented", Seed,
            input => { if (input.Length > Seed.Length) throw new IndexOutOfRangeException(); }, _ => 1 << 20, [typeof(InvalidDataException)], cases: 300));
        Assert.Contains("undocumented: case ", ex.Message);
        Assert.Contains("System.IndexOutOfRangeException", ex.Message);
    }

    [Fact]
    public void AllocatingPastTheBoundFails()
    {
        var ex = Assert.Throws<FailException>(() => Fuzzer.Run("greedy", Seed, input => GC.KeepAlive(new byte[input.Length * 1000]),
            input => 100L * input.Length, [], cases: 10));
        Assert.Contains("more than the bound", ex.Message);
    }

    [Fact]
    public void AHangFailsWithinTheTimeLimit()
    {
        var ex = Assert.Throws<FailException>(() => Fuzzer.Run("hang", Seed, _ => Thread.Sleep(Timeout.Infinite), _ => 1 << 20, [],
            cases: 1, timeLimit: TimeSpan.FromMilliseconds(200)));
        Assert.Contains("hangs", ex.Message);
    }

    [Fact]
    public void MutationsAreReproducibleAndChangeTheInput()
    {
        for (int i = 0; i < 50; i++)
        {
            var a = Fuzzer.Mutate(Seed, new Random(i));
            Assert.Equal(a, Fuzzer.Mutate(Seed, new Random(i)));
        }
        Assert.True(Enumerable.Range(0, 50).Count(i => !Fuzzer.Mutate(Seed, new Random(i)).SequenceEqual(Seed)) >= 45);
    }
}

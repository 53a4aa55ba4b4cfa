using Nnfs.Randomness;

namespace Nnfs.Tests.Randomness;

public class RandomStateBehaviourTests
{
    [Fact]
    public void GaussianCacheCarriesOverAndSeedClearsIt()
    {
        var pairs = new RandomState(7);
        double first = pairs.NextGaussian(), second = pairs.NextGaussian();

        var odd = new RandomState(7);
        var one = new float[1];
        odd.Randn(one);
        Assert.Equal((float)first, one[0]);
        odd.NextDouble();
        Assert.Equal(second, odd.NextGaussian());

        var reseeded = new RandomState(7);
        reseeded.NextGaussian();
        reseeded.Seed(7);
        Assert.Equal(first, reseeded.NextGaussian());
    }

    [Fact]
    public void BinomialMaskMatchesGenericInversionForManyProbabilities()
    {
        foreach (double keep in new[] { 0.0, 1e-9, 0.05, 0.3, 0.5, 0.5000000000000001, 0.7, 0.9, 0.95, 0.999999, 1.0 })
        {
            var reference = new RandomState(3);
            var fast = new RandomState(3);
            var mask = new float[2000];
            fast.BinomialMask(mask, keep, 3f);
            for (int i = 0; i < mask.Length; i++)
            {
                long drawn = reference.Binomial(1, keep);
                Assert.True(mask[i] == (drawn == 1 ? 3f : 0f), $"keep {keep}, element {i}");
            }
            Assert.Equal(reference.NextUInt32(), fast.NextUInt32());
        }
    }

    [Fact]
    public void ShuffleIsAPermutationAndLeavesTinySpansAlone()
    {
        var rs = new RandomState(11);
        Span<int> empty = [];
        rs.Shuffle(empty);
        int[] single = [42];
        rs.Shuffle<int>(single);
        Assert.Equal([42], single);
        Assert.Equal(new RandomState(11).NextUInt32(), rs.NextUInt32());

        int[] p = rs.Permutation(500);
        Assert.Equal(Enumerable.Range(0, 500), p.Order());
    }

    [Fact]
    public void RandIntStaysInRangeAndSingleValueRangeDrawsNothing()
    {
        var rs = new RandomState(5);
        for (int i = 0; i < 1000; i++)
        {
            long v = rs.RandInt(-3, 4);
            Assert.InRange(v, -3, 3);
        }
        var a = new RandomState(9);
        var b = new RandomState(9);
        Assert.Equal(long.MinValue, a.RandInt(long.MinValue, long.MinValue + 1));
        Assert.Equal(0UL, a.RandomInterval(0));
        Assert.Equal(b.NextUInt32(), a.NextUInt32());
    }

    [Fact]
    public void BadArgumentsSayWhatIsWrong()
    {
        var rs = new RandomState(0);
        Assert.Contains("low >= high", Assert.Throws<ArgumentException>(() => rs.RandInt(5, 5)).Message);
        Assert.Contains("n >= 0", Assert.Throws<ArgumentOutOfRangeException>(() => rs.Binomial(-1, 0.5)).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => rs.Binomial(1, 1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => rs.Binomial(1, double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => rs.BinomialMask(new float[1], -0.1, 1f));
        Assert.Throws<ArgumentOutOfRangeException>(() => rs.Permutation(-1));
        var btpe = Assert.Throws<NotSupportedException>(() => rs.Binomial(100, 0.5));
        Assert.Contains("BTPE", btpe.Message);
        Assert.Throws<NotSupportedException>(() => rs.Binomial(10000, 0.99));
        Assert.Equal(100L, rs.Binomial(100, 1.0));
    }

    [Fact]
    public void UseGlobalReplacesTheGlobalGeneratorForThisFlowOnly()
    {
        var process = RandomState.Global;
        var mine = new RandomState(99);
        using (RandomState.UseGlobal(mine))
        {
            Assert.Same(mine, RandomState.Global);
            RandomState? seenElsewhere = null;
            var thread = new Thread(() => seenElsewhere = RandomState.Global);
            using (ExecutionContext.SuppressFlow()) thread.Start();
            thread.Join();
            Assert.Same(process, seenElsewhere);

            using (Engine.UsePath(Engine.Path))
                Engine.Init(4);
            Assert.Equal(new RandomState(4).NextUInt32(), mine.NextUInt32());
        }
        Assert.Same(process, RandomState.Global);
    }

    // Threads drawing from the process-wide generator at once (as NumPy's global generator allows): every call is
    // atomic, so together they draw exactly the values of one stream, in some order, and its state stays whole.
    [Fact]
    public void ProcessWideGlobalIsSafeToDrawFromOnSeveralThreads()
    {
        const int Threads = 4, Calls = 3000, Width = 7;
        var drawn = new float[Threads][];
        var failures = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        var threads = new Thread[Threads];
        for (int t = 0; t < Threads; t++)
        {
            int index = t;
            threads[t] = new Thread(() =>
            {
                try
                {
                    var process = RandomState.Global;
                    var mine = new float[Calls * Width];
                    for (int c = 0; c < Calls; c++) process.Randn(mine.AsSpan(c * Width, Width));
                    drawn[index] = mine;
                }
                catch (Exception e)
                {
                    failures.Add(e);
                }
            });
        }
        using (ExecutionContext.SuppressFlow())
        {
            RandomState? process = null;
            var seeder = new Thread(() => { process = RandomState.Global; process.Seed(2024); });
            seeder.Start();
            seeder.Join();
            foreach (var thread in threads) thread.Start();
        }
        foreach (var thread in threads) thread.Join();
        Assert.Empty(failures);

        var expected = new float[Threads * Calls * Width];
        new RandomState(2024).Randn(expected);
        var all = drawn.SelectMany(d => d).ToArray();
        Array.Sort(expected);
        Array.Sort(all);
        Assert.Equal(expected, all);
    }
}

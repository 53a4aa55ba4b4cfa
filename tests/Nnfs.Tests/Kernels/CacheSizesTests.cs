using Nnfs.Kernels;

namespace Nnfs.Tests.Kernels;

/// <summary>The L2 size read at start-up and the row/column blocks derived from it, which change no result.</summary>
public class CacheSizesTests
{
    [Theory]
    [InlineData("512K", 512L * 1024)]
    [InlineData("1024K\n", 1024L * 1024)]
    [InlineData("32M", 32L * 1024 * 1024)]
    [InlineData("65536", 65536L)]
    [InlineData("", null)]
    [InlineData("K", null)]
    [InlineData("-1K", null)]
    [InlineData("12G", null)]
    [InlineData("99999999999999999999K", null)]
    public void ParsesSysfsSizes(string text, long? expected) => Assert.Equal(expected, CacheSizes.ParseSize(text));

    [Fact]
    public void FindsTheLevel2CacheInASysfsFolder()
    {
        string root = Path.Combine(Path.GetTempPath(), "nnfs-cache-" + Guid.NewGuid().ToString("N"));
        try
        {
            void Index(int i, string level, string type, string size)
            {
                string d = Directory.CreateDirectory(Path.Combine(root, $"index{i}")).FullName;
                File.WriteAllText(Path.Combine(d, "level"), level + "\n");
                File.WriteAllText(Path.Combine(d, "type"), type + "\n");
                File.WriteAllText(Path.Combine(d, "size"), size + "\n");
            }
            Assert.Null(CacheSizes.FromSysfs(root));
            Index(0, "1", "Data", "48K");
            Index(1, "1", "Instruction", "32K");
            Assert.Null(CacheSizes.FromSysfs(root));
            Index(2, "2", "Unified", "1024K");
            Index(3, "3", "Unified", "32768K");
            Assert.Equal(1024L * 1024, CacheSizes.FromSysfs(root));
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }

    [Theory]
    [InlineData(null, 1024, 16)]
    [InlineData(512L * 1024, 1024, 16)]
    [InlineData(1024L * 1024, 1024, 32)]
    [InlineData(256L * 1024, 512, 8)]
    [InlineData(64L * 1024, 256, 4)]
    [InlineData(200_000L, 384, 6)]
    public void BlocksFollowTheL2Size(long? l2, int blockN, int rowBlock)
    {
        Assert.Equal(blockN, MatMulFast.BlockNFor(l2));
        Assert.Equal(rowBlock, MatMulFast.RowBlockFor(l2));
        Assert.Equal(0, MatMulFast.BlockNFor(l2) % 16);
    }

    // Row and column blocks only change the order in which outputs are visited: the same bits for any blocks.
    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public void RowAndColumnBlocksChangeNoResult(bool transA, bool transB)
    {
        const int m = 200, k = 300, n = 1100;
        var (a, b) = GemmTestData.Uniform(m * k, k * n, seed: 12);
        float[] Run(int blockN, int rowBlock)
        {
            int previousN = MatMulFast.BlockN, previousRows = MatMulFast.MaxRowBlock;
            try
            {
                MatMulFast.BlockN = blockN;
                MatMulFast.MaxRowBlock = rowBlock;
                var c = new float[m * n];
                MatMulFast.Gemm(transA, transB, m, n, k, a, b, default, c, threads: 2, GemmPlan.Blocked);
                return c;
            }
            finally
            {
                MatMulFast.BlockN = previousN;
                MatMulFast.MaxRowBlock = previousRows;
            }
        }
        Assert.Equal(Run(1024, 64), Run(256, 4));
    }
}

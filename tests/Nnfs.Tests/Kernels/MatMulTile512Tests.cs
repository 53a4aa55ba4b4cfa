using Nnfs.Kernels;

namespace Nnfs.Tests.Kernels;

/// <summary>
/// The 512-bit tier's 12×32 register tile, alone and in the packed product forced to that tier
/// (<see cref="Engine.UseTier"/>; emulated on a processor without AVX-512, so the sizes stay small), against a plain
/// loop that computes each output as one chain of fused multiply-adds over k in increasing order, then + bias.
/// </summary>
public unsafe class MatMulTile512Tests
{
    // C[i, j] = fma(op(A)[i, p], op(B)[p, j], …) for p = 0…k−1 from start[i, j] (or 0), then + bias[j] (bias[i] when
    // biasOnRows): the one order every tier must follow.
    private static float[] Chains(bool transA, bool transB, int m, int n, int k, float[] a, float[] b, float[]? bias,
        float[]? start = null, bool biasOnRows = false)
    {
        var c = new float[m * n];
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float acc = start?[i * n + j] ?? 0f;
                for (int p = 0; p < k; p++)
                    acc = MathF.FusedMultiplyAdd(transA ? a[p * m + i] : a[i * k + p], transB ? b[j * k + p] : b[p * n + j], acc);
                if (bias != null) acc += biasOnRows ? bias[i] : bias[j];
                c[i * n + j] = acc;
            }
        return c;
    }

    // Every kernel of the tile (1–12 rows, 16 or 32 columns, A depth-major or row-major), from zero or from stored
    // partial sums, with and without bias, k = 1 included; B packed (its rows the tile's width apart) or read in place
    // from a wider matrix (rows further apart, the columns beyond the tile's never read).
    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    public void EveryKernelIsOneChainPerOutput(int kc)
    {
        const int ldc = 40;
        for (int rows = 1; rows <= MatMulTile512.MaxRows; rows++)
            foreach (bool wide in new[] { false, true })
                foreach (bool depthMajor in new[] { false, true })
                    foreach (bool accumulate in new[] { false, true })
                    foreach (int extra in new[] { 0, 5 })
                    {
                        int cols = wide ? 32 : 16, ldb = cols + extra;
                        var (a, b) = GemmTestData.Uniform(rows * kc, kc * cols, seed: rows * 100 + kc + cols);
                        var start = GemmTestData.Uniform(rows * ldc, 0, seed: rows).A;
                        float[]? bias = accumulate ? GemmTestData.Uniform(cols, 0, seed: kc).A : null;
                        var c = (float[])start.Clone();
                        // A as the kernel reads it: depth-major a[p·rows + r] holds A[r, p] (a row-major rows×kc copy).
                        var aLaidOut = new float[rows * kc];
                        for (int r = 0; r < rows; r++)
                            for (int p = 0; p < kc; p++) aLaidOut[depthMajor ? p * rows + r : r * kc + p] = a[r * kc + p];
                        // B with rows ldb apart, NaN beyond the tile's columns (a kernel reading them would spoil its sums).
                        var bLaidOut = new float[kc * ldb];
                        Array.Fill(bLaidOut, float.NaN);
                        for (int p = 0; p < kc; p++) Array.Copy(b, p * cols, bLaidOut, p * ldb, cols);
                        var table = depthMajor ? MatMulTile512.DepthMajorTable : MatMulTile512.RowMajorTable;
                        fixed (float* pa = aLaidOut, pb = bLaidOut, pc = c, pbias = bias)
                            table[MatMulMicroKernel.Index(rows, wide)](kc, pa, depthMajor ? rows : kc, pb, ldb, pc, ldc, accumulate, pbias);
                        var startTile = new float[rows * cols];
                        for (int r = 0; r < rows; r++) Array.Copy(start, r * ldc, startTile, r * cols, cols);
                        var expected = Chains(false, false, rows, cols, kc, a, b, bias, accumulate ? startTile : null);
                        string name = $"{rows}×{cols}, kc={kc}, ldb={ldb}, {(depthMajor ? "depth" : "row")}-major, accumulate={accumulate}";
                        for (int r = 0; r < rows; r++)
                        {
                            Assert.True(expected.AsSpan(r * cols, cols).SequenceEqual(c.AsSpan(r * ldc, cols)), $"{name}, row {r}");
                            Assert.True(start.AsSpan(r * ldc + cols, ldc - cols).SequenceEqual(c.AsSpan(r * ldc + cols, ldc - cols)), $"{name}: wrote past row {r}");
                        }
                    }
    }

    public static IEnumerable<object[]> Shapes()
    {
        // (m, k, n): rows not a multiple of 12 (13 = 7 + 6, 25 = 12 + 7 + 6, 30 = 12 + 9 + 9), n below 32 (20, 16), a
        // narrow last sliver (33 = 32 + 1, 47 = 32 + 15), k > 256 (blocked: the later k block goes on from the stored
        // sums), k > 1024 (panels: the same), n = 10 (computed as Cᵀ = Bᵀ·Aᵀ, bias on rows), large enough for two
        // threads (130·48·130 multiply-adds); one row sliver, whose untransposed B is read in place in the panels it
        // fills (9 rows: panels of 32, 32 and 16 columns; (128×128)ᵀ·128×10 as 10 rows of Cᵀ, the network's dW3).
        var shapes = new[] { (13, 5, 33), (25, 9, 20), (30, 7, 16), (40, 300, 47), (12, 1030, 40), (64, 20, 10), (130, 48, 130),
            (9, 40, 80), (128, 128, 10) };
        foreach (var (m, k, n) in shapes)
            foreach (var (ta, tb) in new[] { (false, false), (true, false), (false, true) })
                yield return [m, k, n, ta, tb];
    }

    // The packed product in the 512-bit tier: every output is the reference chain (+ bias), for either plan and one or
    // two threads, and so equals the 256-bit tier's 6×16 tile bit for bit.
    [Theory]
    [MemberData(nameof(Shapes))]
    public void ProductsInThe512BitTierAreTheReferenceChains(int m, int k, int n, bool transA, bool transB)
    {
        var (a, b) = GemmTestData.Uniform(m * k, k * n, seed: m * 7 + k + n);
        var bias = GemmTestData.Uniform(n, 0, seed: n).A;
        var expected = Chains(transA, transB, m, n, k, a, b, bias);
        float[] Gemm(IsaTier tier, int threads, GemmPlan plan)
        {
            using var _ = Engine.UseTier(tier);
            var c = new float[m * n];
            MatMulFast.Gemm(transA, transB, m, n, k, a, b, bias, c, threads, plan);
            return c;
        }
        foreach (var plan in new[] { GemmPlan.Panels, GemmPlan.Blocked })
            foreach (int threads in new[] { 1, 2 })
                Assert.True(expected.AsSpan().SequenceEqual(Gemm(IsaTier.Vector512, threads, plan)), $"{plan}, {threads} thread(s)");
        Assert.Equal(expected, Gemm(IsaTier.Vector256, 1, GemmPlan.Auto));
    }
}

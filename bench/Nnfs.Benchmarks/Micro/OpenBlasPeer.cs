using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Nnfs.Benchmarks.SideBySide;

namespace Nnfs.Benchmarks.Micro;

/// <summary>A product the OpenBLAS peer times: C(m×n) = op(A)·op(B), op = transpose where asked.</summary>
/// <param name="Label">The name the result is keyed by.</param>
/// <param name="M">Rows of the product.</param>
/// <param name="K">The reduction length.</param>
/// <param name="N">Columns of the product.</param>
/// <param name="TransA">A is stored k×m and used transposed.</param>
/// <param name="TransB">B is stored n×k and used transposed.</param>
internal sealed record PeerProduct(string Label, int M, int K, int N, bool TransA, bool TransB);

/// <summary>
/// OpenBLAS through NumPy, timed by the shared peers' <c>gemm_bench.py</c> loop (~20 ms batches of calls, median and
/// best batch): the yardstick of the <c>gemm</c> (sgemm, float32) and <c>exact</c> (dgemm, float64) tables.
/// </summary>
/// <remarks>
/// For float32 the script's own shapes run first (its <c>main</c>), then the <paramref name="products"/> it lacks
/// through its <c>bench</c> function, in one process; for float64 only <paramref name="products"/>, with float64
/// operands and output (<c>np.dot</c> → dgemm). The thread count goes to <c>OPENBLAS_NUM_THREADS</c> before NumPy
/// is imported, and OpenBLAS's core overrides are removed from the environment, as for the training peers.
/// </remarks>
internal static class OpenBlasPeer
{
    private const string Driver = """
        import ctypes, json, sys, time
        peers, cpu, dtype, extra = sys.argv[1], sys.argv[2] == "1", sys.argv[3], json.loads(sys.argv[4])
        if cpu:
            time.perf_counter = time.process_time  # same clock as ours (meaningful for one thread only)
        sys.argv = ["gemm_bench.py"] + sys.argv[5:]
        sys.path.insert(0, peers)
        import gemm_bench as g  # sets OPENBLAS_NUM_THREADS before importing NumPy
        import numpy as np
        if dtype == "float32":
            g.main()
        else:
            info = {"numpy": np.__version__, "shapes": {}}
            try:
                lib = ctypes.CDLL("libopenblas.so.0")
                lib.openblas_get_corename.restype = ctypes.c_char_p
                info["openblas_core"] = lib.openblas_get_corename().decode()
            except (OSError, AttributeError):
                pass
            print("RESULT " + json.dumps(info))
        kind = np.float32 if dtype == "float32" else np.float64
        out = {}
        for label, m, k, n, ta, tb in extra:
            rng = np.random.default_rng(0)
            a = rng.standard_normal((k, m) if ta else (m, k), dtype=kind)
            b = rng.standard_normal((n, k) if tb else (k, n), dtype=kind)
            c = np.empty((m, n), dtype=kind)
            A, B = (a.T if ta else a), (b.T if tb else b)
            out[label] = g.bench(lambda: np.dot(A, B, out=c), 2.0 * m * n * k)
        print("EXTRA " + json.dumps(out))
        """;

    /// <summary>
    /// Runs the peer; returns median and best GFLOP/s by label (the script's own labels and those of
    /// <paramref name="products"/>), or null with the reason in <paramref name="note"/> (then one line: not found, no
    /// Python, no NumPy, failed). On success <paramref name="note"/> names NumPy, the OpenBLAS core and the threads.
    /// </summary>
    public static Dictionary<string, (double Median, double Best)>? Run(string? peersDir, string? python,
        IReadOnlyList<PeerProduct> products, bool float64, int threads, double seconds, bool cpuTime, out string note)
    {
        peersDir ??= FindPeers();
        if (peersDir is null || !File.Exists(Path.Combine(peersDir, "gemm_bench.py")))
        {
            note = "NumPy peer not found (pass --peers DIR holding gemm_bench.py); skipped.";
            return null;
        }
        string interpreter;
        try { interpreter = PythonInterpreter.Find(python, Environment.GetEnvironmentVariable("PATH")); }
        catch (ArgumentException e)
        {
            note = "NumPy peer skipped: " + e.Message;
            return null;
        }
        var start = new ProcessStartInfo(interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        var extra = new JsonArray(products.Select(p => (JsonNode)new JsonArray(p.Label, p.M, p.K, p.N, p.TransA, p.TransB)).ToArray());
        foreach (var arg in new[] { "-c", Driver, peersDir, cpuTime ? "1" : "0", float64 ? "float64" : "float32", extra.ToJsonString(),
                     "--lib", "numpy", "--threads", threads.ToString(CultureInfo.InvariantCulture),
                     "--seconds", seconds.ToString(CultureInfo.InvariantCulture) })
            start.ArgumentList.Add(arg);
        foreach (var v in BenchProcess.PeerUnsetVariables) start.Environment.Remove(v);
        try
        {
            using var process = Process.Start(start)!;
            var error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            var lines = output.Split('\n');
            string? line = lines.LastOrDefault(l => l.StartsWith("RESULT ", StringComparison.Ordinal));
            string? extraLine = lines.LastOrDefault(l => l.StartsWith("EXTRA ", StringComparison.Ordinal));
            if (process.ExitCode != 0 || line is null || extraLine is null)
            {
                note = $"NumPy peer failed (exit {process.ExitCode}): {error.Result.Trim().Split('\n').LastOrDefault()}";
                return null;
            }
            using var doc = JsonDocument.Parse(line["RESULT ".Length..]);
            using var more = JsonDocument.Parse(extraLine["EXTRA ".Length..]);
            var result = new Dictionary<string, (double, double)>();
            foreach (var shape in doc.RootElement.GetProperty("shapes").EnumerateObject().Concat(more.RootElement.EnumerateObject()))
                result[shape.Name] = (shape.Value.GetProperty("median_gflops").GetDouble(), shape.Value.GetProperty("best_gflops").GetDouble());
            string core = doc.RootElement.TryGetProperty("openblas_core", out var c) ? c.GetString() ?? "?" : "?";
            note = $"NumPy {doc.RootElement.GetProperty("numpy").GetString()} (OpenBLAS core {core} {(float64 ? "dgemm" : "sgemm")}, {threads} thread(s); " +
                   "gemm_bench.py's timing loop).";
            return result;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            note = $"NumPy peer could not start: {e.Message}";
            return null;
        }
    }

    private static string? FindPeers()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "peers"), Path.Combine(dir.FullName, "..", "shared", "peers") })
                if (File.Exists(Path.Combine(candidate, "gemm_bench.py"))) return Path.GetFullPath(candidate);
        }
        return null;
    }
}

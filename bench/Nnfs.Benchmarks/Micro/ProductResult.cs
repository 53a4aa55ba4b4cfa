using System.Text.Json.Nodes;

namespace Nnfs.Benchmarks.Micro;

/// <summary>
/// The <c>RESULT {json}</c> line of the <c>gemm</c> and <c>exact</c> tables (with <c>--result</c>), which the
/// side-by-side run reads for its targets: per product, our GFLOP/s, NumPy's (OpenBLAS) and their ratio.
/// </summary>
internal static class ProductResult
{
    /// <summary>One product's figures; the peer's and the ratio are null when the peer did not run.</summary>
    public static JsonObject Row(double gflops, double? peerGflops, double? ratio) => new()
    {
        ["gflops"] = gflops,
        ["peer_gflops"] = peerGflops,
        ["ratio"] = ratio,
    };

    /// <summary>The whole line: <paramref name="products"/> keyed by label, the peak the table used, the peer's note.</summary>
    public static string Line(string workload, int threads, double peakPerThread, JsonObject products, string peerNote) =>
        "RESULT " + new JsonObject
        {
            ["tool"] = "nnfs",
            ["workload"] = workload,
            ["threads"] = threads,
            ["peak_gflops_per_thread"] = peakPerThread,
            ["products"] = products,
            ["peer"] = peerNote,
        }.ToJsonString();
}

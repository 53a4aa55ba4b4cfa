using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace Nnfs.Serving.Tests;

/// <summary>
/// A bounded load test on a real Kestrel server on loopback: several clients at once for a few seconds, every answer
/// compared with the serial one. Throughput and latency are printed (never asserted); docs/serving.md quotes them.
/// </summary>
public sealed class InferenceLoadTests(ModelFilesFixture models, ITestOutputHelper output) : IClassFixture<ModelFilesFixture>
{
    private const int Clients = 4;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task ConcurrentClientsGetTheSerialAnswers()
    {
        var random = new Random(11);
        var requests = Enumerable.Range(0, 16).Select(i =>
        {
            int rows = i % 4 == 0 ? 8 : 1;
            var raw = new float[rows * TestModels.Side * TestModels.Side];
            for (int j = 0; j < raw.Length; j++) raw[j] = random.Next(256);
            return (Body: Requests.Infer(raw, rows), Expected: TestModels.Expected(models.ImageModel, raw, rows));
        }).ToArray();

        await using var host = await ServingHost.StartAsync(models.ImageModel, kestrelUrl: "http://127.0.0.1:0");
        var latencies = new List<double>[Clients];
        int mismatches = 0, failures = 0;
        var stopAt = Stopwatch.GetTimestamp() + (long)(Duration.TotalSeconds * Stopwatch.Frequency);
        long start = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(c => Task.Run(async () =>
        {
            using var client = new HttpClient { BaseAddress = new Uri(host.Address) };
            latencies[c] = [];
            for (int i = c; Stopwatch.GetTimestamp() < stopAt; i++)
            {
                var (body, expected) = requests[i % requests.Length];
                long sent = Stopwatch.GetTimestamp();
                var (status, json) = await Requests.PostInfer(client, "garments", body);
                latencies[c].Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                if (status != HttpStatusCode.OK) Interlocked.Increment(ref failures);
                else if (!Requests.Outputs(json).SequenceEqual(expected)) Interlocked.Increment(ref mismatches);
            }
        })));
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        var all = latencies.SelectMany(l => l).Order().ToArray();
        output.WriteLine($"{all.Length} requests from {Clients} clients in {seconds:F2} s: {all.Length / seconds:F0} requests/s; " +
            $"latency p50 {Percentile(all, 0.50):F2} ms, p99 {Percentile(all, 0.99):F2} ms " +
            $"(784-input model, 1 row per request, 8 rows in every fourth; {Environment.ProcessorCount} processors)");
        Assert.NotEmpty(all);
        Assert.Equal(0, failures);
        Assert.Equal(0, mismatches);
    }

    private static double Percentile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}

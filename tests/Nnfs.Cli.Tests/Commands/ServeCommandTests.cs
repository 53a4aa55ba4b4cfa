using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Nnfs.Serialization;

namespace Nnfs.Cli.Tests.Commands;

public sealed class ServeCommandTests
{
    private static string SavedModel()
    {
        string path = Path.Combine(CliRunner.TempFolder(), "spiral.nnfs");
        ModelFile.Save(OnnxRuntimeCheck.SpiralClassifier(), path);
        return path;
    }

    /// <summary>Runs <c>nnfs serve</c> in the background until the returned source is cancelled.</summary>
    private static async Task<(Task<int> Run, CancellationTokenSource Stop, string Url, Func<string> Output, Func<string> Error)> Start(params string[] args)
    {
        var outText = new StringBuilder();
        var errText = new StringBuilder();
        var output = TextWriter.Synchronized(new StringWriter(outText));
        var error = TextWriter.Synchronized(new StringWriter(errText));
        string Read(TextWriter w, StringBuilder b)
        {
            lock (w) return b.ToString();
        }
        var stop = new CancellationTokenSource();
        var run = Task.Run(() => CliApp.Run(["serve", .. args], output, error, stop.Token));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        Match match;
        while (!(match = Regex.Match(Read(output, outText), @"on (http://\S+?)[ ,]")).Success)
        {
            Assert.False(run.IsCompleted, $"serve ended: {Read(output, outText)} {Read(error, errText)}");
            Assert.True(DateTime.UtcNow < deadline, "serve did not start within 60 s");
            await Task.Delay(20);
        }
        return (run, stop, match.Groups[1].Value, () => Read(output, outText), () => Read(error, errText));
    }

    [Fact]
    public async Task ServesOnLoopbackUntilStoppedAndLogsEachRequest()
    {
        var (run, stop, url, output, error) = await Start(SavedModel(), "--port", "0");
        Assert.StartsWith("http://127.0.0.1:", url);
        using (var client = new HttpClient { BaseAddress = new Uri(url) })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/v2/health/ready")).StatusCode);
            string metadata = await client.GetStringAsync("/v2/models/spiral");
            Assert.Contains("\"shape\":[-1,2]", metadata);
        }
        stop.Cancel();
        Assert.Equal(0, await run);
        Assert.Contains("stopped", output());
        Assert.Contains("info: Nnfs.Serving.RequestLog: GET /v2/models/spiral answered 200 in", error());
        Assert.DoesNotContain("warn:", error());
    }

    [Fact]
    public async Task ListeningOnAllInterfacesWarns()
    {
        var (run, stop, _, _, error) = await Start(SavedModel(), "--port", "0", "--host", "0.0.0.0");
        stop.Cancel();
        Assert.Equal(0, await run);
        Assert.Contains("warn: Nnfs.Serving.ExposureWarning: Listening on http://0.0.0.0:", error());
    }

    [Fact]
    public void AMissingModelFileIsAOneLineError()
    {
        string path = Path.Combine(CliRunner.TempFolder(), "none.nnfs");
        var result = CliRunner.Invoke("serve", path, "--port", "0");
        CliRunner.AssertOneLineError(result, "missing model");
        Assert.Equal($"error: model file '{path}' does not exist", result.Error.Trim());
    }

    [Fact]
    public void AFileThatIsNotAModelIsAOneLineError()
    {
        string path = Path.Combine(CliRunner.TempFolder(), "text.nnfs");
        File.WriteAllText(path, "hello");
        var result = CliRunner.Invoke("serve", path, "--port", "0");
        CliRunner.AssertOneLineError(result, "bad model");
        Assert.Contains(path, result.Error);
    }

    [Fact]
    public void APortInUseIsAOneLineError()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var result = CliRunner.Invoke("serve", SavedModel(), "--port", port.ToString());
        CliRunner.AssertOneLineError(result, "port in use");
        Assert.Contains($"127.0.0.1:{port}", result.Error);
        Assert.Contains("address already in use", result.Error);
    }

    [Theory]
    [InlineData("--host", "my.server", "--host 'my.server': give an IP address")]
    [InlineData("--port", "70000", "--port: expected a whole number from 0 to 65535, got '70000'")]
    [InlineData("--port", "abc", "--port: expected a whole number from 0 to 65535, got 'abc'")]
    [InlineData("--port", "-1", "--port: expected a whole number from 0 to 65535, got '-1'")]
    public void BadAddressesAreOneLineErrors(string option, string value, string expected)
    {
        var result = CliRunner.Invoke("serve", SavedModel(), option, value);
        CliRunner.AssertOneLineError(result, option);
        Assert.Contains(expected, result.Error);
    }
}

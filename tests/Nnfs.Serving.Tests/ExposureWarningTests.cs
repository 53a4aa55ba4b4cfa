using Microsoft.Extensions.Logging;

namespace Nnfs.Serving.Tests;

public sealed class ExposureWarningTests(ModelFilesFixture models) : IClassFixture<ModelFilesFixture>
{
    [Theory]
    [InlineData("http://127.0.0.1:8080", true)]
    [InlineData("http://127.1.2.3:80", true)]
    [InlineData("http://[::1]:8080", true)]
    [InlineData("http://localhost:5000", true)]
    [InlineData("http://0.0.0.0:8080", false)]
    [InlineData("http://[::]:8080", false)]
    [InlineData("http://+:80", false)]
    [InlineData("http://*:80", false)]
    [InlineData("http://192.168.1.10:80", false)]
    [InlineData("http://example.org:80", false)]
    public void LoopbackAddressesAreRecognised(string address, bool loopback) =>
        Assert.Equal(loopback, ExposureWarning.IsLoopback(address));

    [Fact]
    public async Task ListeningOnAllInterfacesLogsAWarning()
    {
        await using var host = await ServingHost.StartAsync(models.SpiralModel, kestrelUrl: "http://0.0.0.0:0");
        var warning = Assert.Single(host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Category.EndsWith("ExposureWarning"));
        Assert.Contains("beyond the loopback interface", warning.Message);
        Assert.Contains("no API key is set", warning.Message);
    }

    [Fact]
    public async Task ListeningOnLoopbackLogsNoWarning()
    {
        await using var host = await ServingHost.StartAsync(models.SpiralModel, kestrelUrl: "http://127.0.0.1:0");
        Assert.DoesNotContain(host.Logs.Entries, e => e.Level == LogLevel.Warning);
    }
}

using System.Net;

namespace Nnfs.Serving.Tests;

public sealed class GracefulShutdownTests(ModelFilesFixture models) : IClassFixture<ModelFilesFixture>
{
    [Fact]
    public async Task StoppingTheServerAnswersTheRequestsInFlightFirst()
    {
        var host = await ServingHost.StartAsync(models.SpiralModel, kestrelUrl: "http://127.0.0.1:0");
        using var held = new GatedContent(Requests.Infer([0.3f, 0.4f], 1), 10);
        using var client = new HttpClient { BaseAddress = new Uri(host.Address) };
        var inFlight = client.PostAsync("/v2/models/spiral/infer", held);
        await held.Started;
        await Task.Delay(100);

        var stopping = host.App.StopAsync();
        await Task.Delay(200);
        Assert.False(stopping.IsCompleted, "the server stopped with a request in flight");
        held.Release();
        using var response = await inFlight;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(TestModels.Expected(models.SpiralModel, [0.3f, 0.4f], 1), Requests.Outputs(await Requests.ReadJson(response)));
        await stopping;
        await host.DisposeAsync();
    }
}

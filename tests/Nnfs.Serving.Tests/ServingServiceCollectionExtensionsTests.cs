using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Nnfs.Serialization;

namespace Nnfs.Serving.Tests;

public sealed class ServingServiceCollectionExtensionsTests(ModelFilesFixture models) : IClassFixture<ModelFilesFixture>
{
    [Fact]
    public async Task BeyondTheConcurrencyLimitAndItsQueueRequestsGet429AndTheFirstStillSucceeds()
    {
        await using var host = await ServingHost.StartAsync(models.SpiralModel, o =>
        {
            o.MaxConcurrentRequests = 1;
            o.QueueLimit = 0;
        });
        var body = Requests.Infer([0.5f, -0.5f], 1);
        using var held = new GatedContent(body, 10);
        var first = host.Client.PostAsync("/v2/models/spiral/infer", held);
        await held.Started;
        await Task.Delay(100);
        using (var refused = await host.Client.PostAsync("/v2/models/spiral/infer", Requests.Json(body)))
            Assert.Contains("the server is busy (1 requests running and 0 waiting)", await Requests.AssertError(refused, HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/v2/health/ready")).StatusCode);
        held.Release();
        using var answer = await first;
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal(TestModels.Expected(models.SpiralModel, [0.5f, -0.5f], 1), Requests.Outputs(await Requests.ReadJson(answer)));
        var (after, _) = await Requests.PostInfer(host.Client, "spiral", body);
        Assert.Equal(HttpStatusCode.OK, after);
    }

    [Fact]
    public async Task AQueuedRequestWaitsForItsTurn()
    {
        await using var host = await ServingHost.StartAsync(models.SpiralModel, o =>
        {
            o.MaxConcurrentRequests = 1;
            o.QueueLimit = 1;
        });
        var body = Requests.Infer([0.5f, -0.5f], 1);
        using var held = new GatedContent(body, 10);
        var first = host.Client.PostAsync("/v2/models/spiral/infer", held);
        await held.Started;
        await Task.Delay(100);
        var queued = host.Client.PostAsync("/v2/models/spiral/infer", Requests.Json(body));
        await Task.Delay(100);
        Assert.False(queued.IsCompleted);
        held.Release();
        Assert.Equal(HttpStatusCode.OK, (await first).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await queued).StatusCode);
    }

    [Fact]
    public async Task ARequestOverTheTimeLimitGets408WithAJsonError()
    {
        await using var host = await ServingHost.StartAsync(models.SpiralModel, o => o.RequestTimeout = TimeSpan.FromMilliseconds(300));
        using var slow = new GatedContent(Requests.Infer([1, 2], 1), 10);
        using var response = await host.Client.PostAsync("/v2/models/spiral/infer", slow);
        Assert.Contains("longer than the limit of 0.3 s", await Requests.AssertError(response, HttpStatusCode.RequestTimeout));
        slow.Release();
        var (status, _) = await Requests.PostInfer(host.Client, "spiral", Requests.Infer([1, 2], 1));
        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task ThePredictorIsAServiceForTheApplicationsOwnEndpoints()
    {
        await using var host = await ServingHost.StartAsync(models.ImageModel);
        var predictor = host.App.Services.GetRequiredService<Nnfs.Inference.Predictor>();
        Assert.Same(host.App.Services.GetRequiredService<ServedModel>().Predictor, predictor);
        Assert.Equal(TestModels.ClassNames, predictor.ClassNames);
        Assert.Equal(Nnfs.Datasets.InputKind.Image, predictor.Input.Kind);
    }

    [Fact]
    public void AMissingModelFileIsReportedWithItsPath()
    {
        string path = Path.Combine(models.Folder, "missing.nnfs");
        var e = Assert.Throws<FileNotFoundException>(() => new ServiceCollection().AddNnfsPredictor(path));
        Assert.Equal($"model file '{path}' does not exist", e.Message);
    }

    [Fact]
    public void AFileThatIsNotAModelIsRefusedNamingIt()
    {
        string path = Path.Combine(models.Folder, "text.nnfs");
        File.WriteAllText(path, "not a model");
        var e = Assert.Throws<ModelFormatException>(() => new ServiceCollection().AddNnfsPredictor(path));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void OneServerServesOneModel()
    {
        var services = new ServiceCollection().AddNnfsPredictor(models.SpiralModel);
        var e = Assert.Throws<InvalidOperationException>(() => services.AddNnfsPredictor(models.ImageModel));
        Assert.Contains("one server serves one model", e.Message);
    }

    public static TheoryData<Action<NnfsServingOptions>, string> BadOptions => new()
    {
        { o => o.ModelName = "a/b", "ModelName 'a/b'" },
        { o => o.ModelName = "", "ModelName ''" },
        { o => o.MaxRequestBodyBytes = 0, "MaxRequestBodyBytes is 0" },
        { o => o.MaxBatchSize = -1, "MaxBatchSize is -1" },
        { o => o.MaxImagePixels = 0, "MaxImagePixels is 0" },
        { o => o.MaxConcurrentRequests = 0, "MaxConcurrentRequests is 0" },
        { o => o.QueueLimit = -1, "QueueLimit is -1" },
        { o => o.RequestTimeout = TimeSpan.Zero, "RequestTimeout is 00:00:00" },
        { o => o.ApiKey = "", "ApiKey is empty" },
        { o => o.ApiKeyHeader = " ", "ApiKeyHeader is empty" },
        { o => o.ModelPath = "", "no model file given" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void BadOptionsAreRefusedNamingTheOption(Action<NnfsServingOptions> configure, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddNnfsPredictor(models.SpiralModel, configure));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public async Task TheDefaultNameIsTheFileNameMadeUrlSafe()
    {
        string path = Path.Combine(models.Folder, "my model (v2).nnfs");
        File.Copy(models.SpiralModel, path, overwrite: true);
        await using var host = await ServingHost.StartAsync(path);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/v2/models/my_model__v2_")).StatusCode);
    }
}

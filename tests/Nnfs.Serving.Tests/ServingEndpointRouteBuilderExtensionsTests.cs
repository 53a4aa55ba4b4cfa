using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Nnfs.Onnx;

namespace Nnfs.Serving.Tests;

public sealed class ServingEndpointRouteBuilderExtensionsTests(ModelFilesFixture models) : IClassFixture<ModelFilesFixture>
{
    [Fact]
    public async Task HealthEndpointsAnswerLiveAndReady()
    {
        await using var host = await ServingHost.StartAsync(models.SpiralModel);
        using var live = await host.Client.GetAsync("/v2/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.True((await Requests.ReadJson(live)).GetProperty("live").GetBoolean());
        using var ready = await host.Client.GetAsync("/v2/health/ready");
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.True((await Requests.ReadJson(ready)).GetProperty("ready").GetBoolean());
    }

    [Fact]
    public async Task ServerMetadataNamesTheServerAndNoExtensions()
    {
        await using var host = await ServingHost.StartAsync(models.SpiralModel);
        using var response = await host.Client.GetAsync("/v2");
        var json = await Requests.ReadJson(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nnfs", json.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(json.GetProperty("version").GetString()));
        Assert.Equal(0, json.GetProperty("extensions").GetArrayLength());
    }

    [Fact]
    public async Task ModelMetadataDescribesTheOnnxExportersTensors()
    {
        await using var host = await ServingHost.StartAsync(models.ImageModel);
        foreach (string url in new[] { "/v2/models/garments", "/v2/models/garments/versions/1" })
        {
            using var response = await host.Client.GetAsync(url);
            var json = await Requests.ReadJson(response);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("garments", json.GetProperty("name").GetString());
            Assert.Equal(["1"], json.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
            var input = json.GetProperty("inputs")[0];
            Assert.Equal(OnnxExporter.InputName, input.GetProperty("name").GetString());
            Assert.Equal("FP32", input.GetProperty("datatype").GetString());
            Assert.Equal([-1, 784], input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
            var output = json.GetProperty("outputs")[0];
            Assert.Equal(OnnxExporter.OutputName, output.GetProperty("name").GetString());
            Assert.Equal("FP32", output.GetProperty("datatype").GetString());
            Assert.Equal([-1, 10], output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        }
        using var ready = await host.Client.GetAsync("/v2/models/garments/ready");
        Assert.True((await Requests.ReadJson(ready)).GetProperty("ready").GetBoolean());
    }

    [Fact]
    public async Task ANameCanBeGivenInTheOptions()
    {
        await using var host = await ServingHost.StartAsync(models.SpiralModel, o => o.ModelName = "my-model.v2");
        using var response = await host.Client.GetAsync("/v2/models/my-model.v2");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var old = await host.Client.GetAsync("/v2/models/spiral");
        Assert.Contains("unknown model 'spiral'", await Requests.AssertError(old, HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task InferAnswersEqualTheModelsOwnPredictionsBitForBit()
    {
        await using var host = await ServingHost.StartAsync(models.SpiralModel);
        float[] data = [0.1f, -0.2f, 0.5f, 0.25f, -0.7f, 0.9f];
        var (status, json) = await Requests.PostInfer(host.Client, "spiral", Requests.Infer(data, 3, id: "req-7"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("spiral", json.GetProperty("model_name").GetString());
        Assert.Equal("1", json.GetProperty("model_version").GetString());
        Assert.Equal("req-7", json.GetProperty("id").GetString());
        var output = json.GetProperty("outputs")[0];
        Assert.Equal(OnnxExporter.OutputName, output.GetProperty("name").GetString());
        Assert.Equal("FP32", output.GetProperty("datatype").GetString());
        Assert.Equal([3, 3], output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()));
        Assert.Equal(TestModels.Expected(models.SpiralModel, data, 3), Requests.Outputs(json));
    }

    [Fact]
    public async Task NestedDataIsReadRowMajorLikeFlatData()
    {
        await using var host = await ServingHost.StartAsync(models.SpiralModel);
        const string nested = """{"inputs":[{"name":"input","datatype":"FP32","shape":[2,2],"data":[[0.1,-0.2],[0.5,0.25]]}],"outputs":[{"name":"output"}]}""";
        var (status, json) = await Requests.PostInfer(host.Client, "spiral", nested);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(TestModels.Expected(models.SpiralModel, [0.1f, -0.2f, 0.5f, 0.25f], 2), Requests.Outputs(json));
    }

    [Theory]
    [InlineData("{\"inputs\": [", "not valid JSON")]
    [InlineData("[1, 2]", "JSON object")]
    [InlineData("{}", "no \"inputs\" array")]
    [InlineData("""{"inputs":[]}""", "one input tensor")]
    [InlineData("""{"inputs":[{"name":"x","datatype":"FP32","shape":[1,2],"data":[1,2]}]}""", "unknown input \"x\"")]
    [InlineData("""{"inputs":[{"name":"input","datatype":"FP64","shape":[1,2],"data":[1,2]}]}""", "datatype \"FP64\" is not supported")]
    [InlineData("""{"inputs":[{"name":"input","datatype":"FP32","shape":[1,3],"data":[1,2,3]}]}""", "shape [1, 3] does not fit")]
    [InlineData("""{"inputs":[{"name":"input","datatype":"FP32","shape":[2],"data":[1,2]}]}""", "shape [2] does not fit")]
    [InlineData("""{"inputs":[{"name":"input","datatype":"FP32","shape":[0,2],"data":[]}]}""", "shape [0, 2] does not fit")]
    [InlineData("""{"inputs":[{"name":"input","datatype":"FP32","shape":[1.5,2],"data":[1,2]}]}""", "shape must hold integers")]
    [InlineData("""{"inputs":[{"name":"input","datatype":"FP32","shape":[2,2],"data":[1,2,3]}]}""", "has 3 values, but its shape [2, 2] needs 4")]
    [InlineData("""{"inputs":[{"name":"input","datatype":"FP32","shape":[1,2],"data":[1,2,3]}]}""", "more values than its shape allows")]
    [InlineData("""{"inputs":[{"name":"input","datatype":"FP32","shape":[1,2],"data":[1,"a"]}]}""", "value 1 (\"a\") is not a finite FP32")]
    [InlineData("""{"inputs":[{"name":"input","datatype":"FP32","shape":[1,2],"data":[1,1e39]}]}""", "value 1 (1e39) is not a finite FP32")]
    [InlineData("""{"inputs":[{"name":"input","datatype":"FP32","shape":[1,2]}]}""", "no \"data\" array")]
    [InlineData("""{"inputs":[{"name":"input","datatype":"FP32","shape":[999999999999,2],"data":[1,2]}]}""", "more than the limit of 256")]
    [InlineData("""{"inputs":[{"name":"input","datatype":"FP32","shape":[1,2],"data":[1,2]}],"outputs":[{"name":"probs"}]}""", "unknown output \"probs\"")]
    [InlineData("""{"inputs":[{"name":"input","datatype":"FP32","shape":[1,2],"parameters":{"binary_data_size":8}}]}""", "binary-data extension")]
    [InlineData("""{"inputs":[{"name":"input","datatype":"FP32","shape":[1,2],"data":[1,2]}],"outputs":[{"name":"output","parameters":{"binary_data":true}}]}""", "binary-data extension")]
    [InlineData("""{"parameters":{"binary_data_output":true},"inputs":[{"name":"input","datatype":"FP32","shape":[1,2],"data":[1,2]}]}""", "binary-data extension")]
    [InlineData("""{"id":5,"inputs":[]}""", "\"id\" must be a string")]
    public async Task ABadInferRequestGets400WithAJsonErrorAndTheServerStaysHealthy(string body, string expected)
    {
        await using var host = await ServingHost.StartAsync(models.SpiralModel);
        using var response = await host.Client.PostAsync("/v2/models/spiral/infer", Requests.Json(body));
        Assert.Contains(expected, await Requests.AssertError(response, HttpStatusCode.BadRequest));
        await AssertHealthy(host);
    }

    [Fact]
    public async Task InputSoLargeThatTheOutputIsNotFiniteGets400()
    {
        await using var host = await ServingHost.StartAsync(models.SpiralModel);
        float[] data = [0.5f, 0.5f, 3e38f, -3e38f];
        Assert.Contains(TestModels.Expected(models.SpiralModel, data, 2)[3..], v => !float.IsFinite(v));
        using var response = await host.Client.PostAsync("/v2/models/spiral/infer", Requests.Json(Requests.Infer(data, 2)));
        Assert.Contains("output for row 1 is not a finite number", await Requests.AssertError(response, HttpStatusCode.BadRequest));
        await AssertHealthy(host);
    }

    [Fact]
    public async Task ABodyThatIsNotUtf8Gets400()
    {
        await using var host = await ServingHost.StartAsync(models.SpiralModel);
        byte[] body = [.. "{\"id\":\""u8, 0xC3, 0x28, .. "\",\"inputs\":[]}"u8];
        using var response = await host.Client.PostAsync("/v2/models/spiral/infer", new ByteArrayContent(body));
        Assert.Contains("not valid UTF-8", await Requests.AssertError(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task TooManyRowsAreRefusedAtTheConfiguredLimit()
    {
        await using var host = await ServingHost.StartAsync(models.SpiralModel, o => o.MaxBatchSize = 2);
        var (ok, _) = await Requests.PostInfer(host.Client, "spiral", Requests.Infer(new float[4], 2));
        Assert.Equal(HttpStatusCode.OK, ok);
        using var response = await host.Client.PostAsync("/v2/models/spiral/infer", Requests.Json(Requests.Infer(new float[6], 3)));
        Assert.Contains("3 rows, more than the limit of 2", await Requests.AssertError(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task TheBinaryDataHeaderIsRefused()
    {
        await using var host = await ServingHost.StartAsync(models.SpiralModel);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/spiral/infer") { Content = Requests.Json(Requests.Infer([1, 2], 1)) };
        request.Headers.Add("Inference-Header-Content-Length", "10");
        using var response = await host.Client.SendAsync(request);
        Assert.Contains("binary-data extension", await Requests.AssertError(response, HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("GET", "/v2/models/other")]
    [InlineData("GET", "/v2/models/other/ready")]
    [InlineData("POST", "/v2/models/other/infer")]
    [InlineData("POST", "/v1/models/other/image")]
    [InlineData("GET", "/v2/models/spiral/versions/2")]
    [InlineData("POST", "/v2/models/spiral/versions/2/infer")]
    public async Task AnUnknownModelOrVersionGets404WithAJsonError(string method, string url)
    {
        await using var host = await ServingHost.StartAsync(models.SpiralModel);
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method == "POST") request.Content = Requests.Json(Requests.Infer([1, 2], 1));
        using var response = await host.Client.SendAsync(request);
        string error = await Requests.AssertError(response, HttpStatusCode.NotFound);
        Assert.Contains(url.Contains("/versions/") ? "model 'spiral' has no version '2'" : "unknown model 'other'; this server serves 'spiral'", error);
        await AssertHealthy(host);
    }

    [Theory]
    [InlineData("GET", "/v2/models/spiral/infer", HttpStatusCode.MethodNotAllowed, "GET /v2/models/spiral/infer: the endpoint does not take this method")]
    [InlineData("POST", "/v2/models/spiral", HttpStatusCode.MethodNotAllowed, "POST /v2/models/spiral: the endpoint does not take this method")]
    [InlineData("GET", "/v2/repository/index", HttpStatusCode.NotFound, "no endpoint answers GET /v2/repository/index")]
    [InlineData("GET", "/v1/models/spiral", HttpStatusCode.NotFound, "no endpoint answers GET /v1/models/spiral")]
    public async Task PathsAndMethodsWithoutAnEndpointGetAJsonError(string method, string url, HttpStatusCode status, string expected)
    {
        await using var host = await ServingHost.StartAsync(models.SpiralModel);
        using var response = await host.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url));
        Assert.StartsWith(expected, await Requests.AssertError(response, status));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AnOversizedBodyGets413WithAJsonErrorWithOrWithoutAContentLength(bool kestrel)
    {
        await using var host = await ServingHost.StartAsync(models.SpiralModel, o => o.MaxRequestBodyBytes = 100,
            kestrelUrl: kestrel ? "http://127.0.0.1:0" : null);
        string body = Requests.Infer(new float[60], 30);
        using var declared = await host.Client.PostAsync("/v2/models/spiral/infer", Requests.Json(body));
        Assert.Contains("larger than the limit of 100 bytes", await Requests.AssertError(declared, HttpStatusCode.RequestEntityTooLarge));
        using var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(body)));
        chunked.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v2/models/spiral/infer") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        using var streamed = await host.Client.SendAsync(request);
        Assert.Contains("larger than the limit of 100 bytes", await Requests.AssertError(streamed, HttpStatusCode.RequestEntityTooLarge));
        await AssertHealthy(host);
    }

    [Fact]
    public async Task After413ForADeclaredLengthTheConnectionReadsTheBodyAndStaysOpen()
    {
        // A client that sends the body after the headers (as HttpClient does) must get the 413, not a reset: the
        // server answers before the body arrives, then Kestrel reads and drops the body and keeps the connection.
        await using var host = await ServingHost.StartAsync(models.SpiralModel, o => o.MaxRequestBodyBytes = 100,
            kestrelUrl: "http://127.0.0.1:0");
        var address = new Uri(host.Address);
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(address.Host, address.Port);
        var stream = tcp.GetStream();
        byte[] body = Encoding.UTF8.GetBytes(Requests.Infer(new float[60], 30));
        string head = $"POST /v2/models/spiral/infer HTTP/1.1\r\nHost: {address.Authority}\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string first = await ReadResponseAsync(stream, timeout.Token);
        Assert.StartsWith("HTTP/1.1 413", first);
        Assert.Contains("larger than the limit of 100 bytes", first);
        await stream.WriteAsync(body, timeout.Token);
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"GET /v2/health/live HTTP/1.1\r\nHost: {address.Authority}\r\n\r\n"), timeout.Token);
        Assert.StartsWith("HTTP/1.1 200", await ReadResponseAsync(stream, timeout.Token));
    }

    // One HTTP/1.1 response (a Content-Length or a chunked body), read from a raw connection.
    private static async Task<string> ReadResponseAsync(Stream stream, CancellationToken cancel)
    {
        var received = new List<byte>();
        var one = new byte[1];
        int headEnd = -1, length = -1;
        bool chunked = false;
        string Text() => Encoding.UTF8.GetString([.. received]);
        while (headEnd < 0 || (chunked ? !Text().EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal) : received.Count < headEnd + length))
        {
            if (await stream.ReadAsync(one, cancel) == 0) throw new IOException($"the server closed the connection after {received.Count} bytes");
            received.Add(one[0]);
            if (headEnd < 0 && Text().EndsWith("\r\n\r\n", StringComparison.Ordinal))
            {
                headEnd = received.Count;
                var headers = Text().Split("\r\n");
                chunked = headers.Any(l => l.Equals("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase));
                if (!chunked)
                {
                    var lengthLine = headers.Single(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                    length = int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                }
            }
        }
        return Text();
    }

    [Fact]
    public async Task AnEmptyBodyGets400()
    {
        await using var host = await ServingHost.StartAsync(models.SpiralModel);
        using var response = await host.Client.PostAsync("/v2/models/spiral/infer", Requests.Json(""));
        Assert.Contains("no body", await Requests.AssertError(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task AnImageGetsTheTopClassesOfItsRawPixels()
    {
        await using var host = await ServingHost.StartAsync(models.ImageModel);
        // A 56×56 photo of class 4, resized by the server to 28×28 as `nnfs predict` does.
        var pixels = Requests.BandPixels(4, side: 56);
        using var content = new ByteArrayContent(Requests.Png(pixels, 56));
        content.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var response = await host.Client.PostAsync("/v1/models/garments/image?top=3", content);
        var json = await Requests.ReadJson(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(json.GetProperty("inverted").GetBoolean());

        var resized = Imaging.BilinearResize.Resize(new Imaging.GrayImage(56, 56, pixels), 28, 28);
        var expected = TestModels.Expected(models.ImageModel, [.. resized.Pixels.Select(p => (float)p)], 1);
        Assert.Equal(expected, json.GetProperty("outputs").EnumerateArray().Select(e => e.GetSingle()));
        var top = json.GetProperty("top").EnumerateArray().ToArray();
        Assert.Equal(3, top.Length);
        var order = Enumerable.Range(0, 10).OrderByDescending(i => expected[i]).ThenBy(i => i).ToArray();
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(order[i], top[i].GetProperty("class_id").GetInt32());
            Assert.Equal(TestModels.ClassNames[order[i]], top[i].GetProperty("name").GetString());
            Assert.Equal(expected[order[i]], top[i].GetProperty("probability").GetSingle());
        }
    }

    [Fact]
    public async Task AnImageOnALightBackgroundIsInvertedUnlessToldOtherwise()
    {
        await using var host = await ServingHost.StartAsync(models.ImageModel);
        var light = Requests.BandPixels(2).Select(p => (byte)(255 - p)).ToArray();
        var png = Requests.Png(light, 28);
        using var auto = await host.Client.PostAsync("/v1/models/garments/image", new ByteArrayContent(png));
        var autoJson = await Requests.ReadJson(auto);
        Assert.True(autoJson.GetProperty("inverted").GetBoolean());
        Assert.Equal(TestModels.Expected(models.ImageModel, [.. Requests.BandPixels(2).Select(p => (float)p)], 1),
            autoJson.GetProperty("outputs").EnumerateArray().Select(e => e.GetSingle()));
        using var never = await host.Client.PostAsync("/v1/models/garments/image?invert=never&top=1", new ByteArrayContent(png));
        var neverJson = await Requests.ReadJson(never);
        Assert.False(neverJson.GetProperty("inverted").GetBoolean());
        Assert.Equal(1, neverJson.GetProperty("top").GetArrayLength());
    }

    [Theory]
    [InlineData("?top=0", "top=0")]
    [InlineData("?top=11", "top=11")]
    [InlineData("?top=x", "top=x")]
    [InlineData("?invert=maybe", "invert=maybe")]
    public async Task BadImageQueryValuesGet400(string query, string expected)
    {
        await using var host = await ServingHost.StartAsync(models.ImageModel);
        using var response = await host.Client.PostAsync("/v1/models/garments/image" + query, new ByteArrayContent(Requests.Png(Requests.BandPixels(1), 28)));
        Assert.Contains(expected, await Requests.AssertError(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task DataThatIsNotAnImageGets400AndTheServerStaysHealthy()
    {
        await using var host = await ServingHost.StartAsync(models.ImageModel);
        using var text = await host.Client.PostAsync("/v1/models/garments/image", new ByteArrayContent("hello, not a picture"u8.ToArray()));
        Assert.Contains("the uploaded file: not in an image format", await Requests.AssertError(text, HttpStatusCode.BadRequest));
        var truncated = Requests.Png(Requests.BandPixels(1), 28)[..60];
        using var broken = await host.Client.PostAsync("/v1/models/garments/image", new ByteArrayContent(truncated));
        Assert.Contains("the uploaded file", await Requests.AssertError(broken, HttpStatusCode.BadRequest));
        await AssertHealthy(host);
    }

    [Fact]
    public async Task AnImageWithMorePixelsThanTheLimitIsRefusedBeforeDecoding()
    {
        await using var host = await ServingHost.StartAsync(models.ImageModel, o => o.MaxImagePixels = 28 * 28 - 1);
        using var response = await host.Client.PostAsync("/v1/models/garments/image", new ByteArrayContent(Requests.Png(Requests.BandPixels(1), 28)));
        Assert.Contains("more than the 783 that are decoded", await Requests.AssertError(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task AFeatureModelRefusesImages()
    {
        await using var host = await ServingHost.StartAsync(models.SpiralModel);
        using var response = await host.Client.PostAsync("/v1/models/spiral/image", new ByteArrayContent(Requests.Png(Requests.BandPixels(1), 28)));
        Assert.Contains("takes 2 features, not an image", await Requests.AssertError(response, HttpStatusCode.BadRequest));
    }

    [Fact]
    public async Task ThePageIsSelfContainedAndDescribesTheModel()
    {
        await using var host = await ServingHost.StartAsync(models.ImageModel);
        using var response = await host.Client.GetAsync("/");
        string html = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("__NNFS_CONFIG__", html);
        Assert.Contains("\"name\":\"garments\",\"kind\":\"image\",\"inputLength\":784,\"height\":28,\"width\":28", html);
        Assert.Contains("/v1/models/<span class=\"name\"></span>/image", html);
        foreach (string external in new[] { "src=\"http", "href=\"http", "src=\"//", "@import", "url(" })
            Assert.DoesNotContain(external, html);
    }

    [Fact]
    public async Task TheModelNameCannotBreakOutOfThePagesScript()
    {
        await using var host = await ServingHost.StartAsync(models.SpiralModel, o => o.ApiKeyHeader = "X-Key</script><b>");
        string html = await host.Client.GetStringAsync("/");
        Assert.DoesNotContain("</script><b>", html);
        Assert.Contains("\"kind\":\"features\"", html);
    }

    [Fact]
    public async Task WithAnApiKeyEveryEndpointButHealthAndThePageAnswers401WithoutIt()
    {
        await using var host = await ServingHost.StartAsync(models.SpiralModel, o => o.ApiKey = "s3cret");
        foreach (string url in new[] { "/v2", "/v2/models/spiral", "/v2/models/spiral/ready", "/metrics" })
        {
            using var refused = await host.Client.GetAsync(url);
            Assert.Contains("X-Api-Key", await Requests.AssertError(refused, HttpStatusCode.Unauthorized));
        }
        using (var infer = await host.Client.PostAsync("/v2/models/spiral/infer", Requests.Json(Requests.Infer([1, 2], 1))))
            await Requests.AssertError(infer, HttpStatusCode.Unauthorized);
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/v2");
        wrong.Headers.Add("X-Api-Key", "s3cret!");
        using (var response = await host.Client.SendAsync(wrong))
            await Requests.AssertError(response, HttpStatusCode.Unauthorized);

        foreach (string url in new[] { "/v2/health/live", "/v2/health/ready", "/" })
            Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync(url)).StatusCode);
        using var keyed = new HttpRequestMessage(HttpMethod.Post, "/v2/models/spiral/infer") { Content = Requests.Json(Requests.Infer([1, 2], 1)) };
        keyed.Headers.Add("X-Api-Key", "s3cret");
        using var accepted = await host.Client.SendAsync(keyed);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task CorsIsOffUnlessOriginsAreConfigured()
    {
        await using (var host = await ServingHost.StartAsync(models.SpiralModel))
            Assert.False((await Preflight(host)).Headers.Contains("Access-Control-Allow-Origin"));
        await using (var host = await ServingHost.StartAsync(models.SpiralModel, o => o.CorsOrigins.Add("https://app.example")))
        {
            var response = await Preflight(host);
            Assert.Equal("https://app.example", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        }
    }

    [Fact]
    public async Task MetricsCountRequestsAndTimeThemPerEndpoint()
    {
        await using var host = await ServingHost.StartAsync(models.SpiralModel);
        await Requests.PostInfer(host.Client, "spiral", Requests.Infer([1, 2], 1));
        string metrics = await host.Client.GetStringAsync("/metrics");
        Assert.Contains("http_requests_received_total{code=\"200\",method=\"POST\",controller=\"\",action=\"\",endpoint=\"/v2/models/{name}/infer\"}", metrics);
        Assert.Contains("http_request_duration_seconds_bucket{code=\"200\",method=\"POST\",controller=\"\",action=\"\",endpoint=\"/v2/models/{name}/infer\",le=", metrics);
    }

    [Fact]
    public async Task EveryRequestIsLoggedWithStructuredFields()
    {
        await using var host = await ServingHost.StartAsync(models.SpiralModel);
        await Requests.PostInfer(host.Client, "spiral", Requests.Infer([1, 2], 1));
        await host.Client.GetAsync("/v2/models/nope");
        var entries = host.Logs.Entries.Where(e => e.Category == "Nnfs.Serving.RequestLog").ToList();
        var infer = Assert.Single(entries, e => Equals(e.Fields["Path"], "/v2/models/spiral/infer"));
        Assert.Equal("POST", infer.Fields["Method"]);
        Assert.Equal(200, infer.Fields["StatusCode"]);
        Assert.IsType<double>(infer.Fields["ElapsedMilliseconds"]);
        Assert.Equal(404, Assert.Single(entries, e => Equals(e.Fields["Path"], "/v2/models/nope")).Fields["StatusCode"]);
    }

    private static async Task<HttpResponseMessage> Preflight(ServingHost host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/v2/models/spiral/infer");
        request.Headers.Add("Origin", "https://app.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        return await host.Client.SendAsync(request);
    }

    internal static async Task AssertHealthy(ServingHost host)
    {
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/v2/health/ready")).StatusCode);
        var (status, _) = await Requests.PostInfer(host.Client, host.App.Services.GetService(typeof(ServedModel)) is ServedModel m ? m.Name : "", Requests.Infer(new float[ModelInputs(host)], 1));
        Assert.Equal(HttpStatusCode.OK, status);
    }

    private static int ModelInputs(ServingHost host) => ((ServedModel)host.App.Services.GetService(typeof(ServedModel))!).InputLength;
}

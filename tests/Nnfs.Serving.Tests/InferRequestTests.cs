using System.Text;

namespace Nnfs.Serving.Tests;

public sealed class InferRequestTests(ModelFilesFixture models) : IClassFixture<ModelFilesFixture>
{
    [Fact]
    public void AValidRequestGivesItsRowsAndValues()
    {
        var model = ServedModel.Load(models.SpiralModel, "spiral");
        var request = InferRequest.Parse(Encoding.UTF8.GetBytes(Requests.Infer([1.5f, -2, 3, 4.25f], 2, id: "a")), model, 256);
        Assert.Equal("a", request.Id);
        Assert.Equal(2, request.Rows);
        Assert.Equal([1.5f, -2, 3, 4.25f], request.Data);
    }

    [Fact]
    public void MutatedRequestsAreRefusedOnlyWithServingExceptions()
    {
        var model = ServedModel.Load(models.SpiralModel, "spiral");
        byte[] seed = Encoding.UTF8.GetBytes(
            """{"id":"x","parameters":{"a":1},"inputs":[{"name":"input","datatype":"FP32","shape":[3,2],"data":[[0.5,-1],[2,3e2],[4,5]]}],"outputs":[{"name":"output"}]}""");
        int refused = Fuzzer.Run("V2 infer request", seed, bytes => InferRequest.Parse(bytes, model, maxBatchSize: 4),
            bytes => 64L * bytes.Length + (1 << 16), [typeof(ServingException)]);
        Assert.True(refused > 0, "no mutation was refused: the fuzzer did not reach the checks");
    }
}

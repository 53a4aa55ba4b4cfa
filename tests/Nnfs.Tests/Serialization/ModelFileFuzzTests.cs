using System.Text;
using Nnfs.Serialization;
using Nnfs.Tests.Fuzzing;
using Xunit.Abstractions;
using static Nnfs.Tests.Serialization.ModelFileSamples;

namespace Nnfs.Tests.Serialization;

/// <summary>
/// Mutated model and parameters files (see <see cref="Fuzzer"/>): every load either succeeds or throws
/// <see cref="ModelFormatException"/>, within the documented allocation bound, without hanging.
/// </summary>
public class ModelFileFuzzTests(ITestOutputHelper output)
{
    private static readonly Type[] Allowed = [typeof(ModelFormatException)];

    private double _worstRatio;

    /// <summary>Runs <paramref name="load"/> and keeps the largest allocation per input byte seen, for the log.</summary>
    private Action<byte[]> Measured(Action<byte[]> load) => input =>
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            load(input);
        }
        finally
        {
            _worstRatio = Math.Max(_worstRatio, (GC.GetAllocatedBytesForCurrentThread() - before) / (double)Math.Max(1, input.Length));
        }
    };

    private void Run(string name, byte[] seed, Action<byte[]> load, Func<byte[], Random, byte[]>? mutate = null)
    {
        load(seed);
        int refused = Fuzzer.Run(name, seed, Measured(load), input => AllocationBound(input.Length), Allowed, mutate: mutate);
        output.WriteLine($"{name}: {refused} of {Fuzzer.Cases} refused; at most {_worstRatio:0.0} bytes allocated per input byte");
        Assert.True(refused > 0);
    }

    [Fact]
    public void Version2ModelFile() =>
        Run("model v2", ModelV2(), input => ModelFile.LoadFromBytes(input, "fuzz.nnfs"));

    [Fact]
    public void Version2ParametersFile()
    {
        var model = SmallModel();
        Run("parameters v2", ParametersV2(), input => ModelFile.LoadParametersFromBytes(model, input, "fuzz.nnfs"));
    }

    [Fact]
    public void Version1GoldenFile() =>
        Run("model v1", File.ReadAllBytes(GoldenPath("numpy_model_v1.nnfs")), input => ModelFile.LoadFromBytes(input, "fuzz.nnfs"));

    [Fact]
    public void DescriptionsWithValidChecksums()
    {
        // A crafted file's author recomputes the checksum: mutate the model description, then sign the file again,
        // so that the cases reach the description parser and the checks against the tensors.
        var seed = SafeTensorsReader.Read(ModelV2(), "seed");
        Run("signed descriptions", ModelV2(), input => ModelFile.LoadFromBytes(input, "fuzz.nnfs"), (bytes, random) =>
        {
            var metadata = seed.Metadata.ToDictionary();
            byte[] description = Fuzzer.Mutate(Encoding.UTF8.GetBytes(metadata[ModelFile.ModelKey]), random);
            metadata[ModelFile.ModelKey] = Encoding.UTF8.GetString(description);
            using var stream = new MemoryStream();
            SafeTensorsWriter.Write(stream, new SafeTensorsFile(seed.Tensors, metadata));
            return stream.ToArray();
        });
    }

    [Theory]
    [InlineData("features")]
    [InlineData("image")]
    public void InputAndClassNamesWithValidChecksums(string kind)
    {
        // The input and class-name entries mutated and the file signed again, so that the cases reach their parser.
        var model = SmallModel();
        model.Input = kind == "image"
            ? Nnfs.Datasets.InputPreparation.Image(1, 2)
            : Nnfs.Datasets.InputPreparation.Features(2, ["a", "b"]).WithScaling([0.5f, -1f], [2f, 3f]);
        model.ClassNames = ["no", "yes"];
        byte[] bytes = Bytes(model, ModelFile.Save);
        var seed = SafeTensorsReader.Read(bytes, "seed");
        Run($"signed {kind} input", bytes, input => ModelFile.LoadFromBytes(input, "fuzz.nnfs"), (_, random) =>
        {
            var metadata = seed.Metadata.ToDictionary();
            string key = random.Next(3) == 0 ? ModelFile.ClassNamesKey : ModelFile.InputKey;
            metadata[key] = Encoding.UTF8.GetString(Fuzzer.Mutate(Encoding.UTF8.GetBytes(metadata[key]), random));
            using var stream = new MemoryStream();
            SafeTensorsWriter.Write(stream, new SafeTensorsFile(seed.Tensors, metadata));
            return stream.ToArray();
        });
    }
}

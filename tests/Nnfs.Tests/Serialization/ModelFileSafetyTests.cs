using System.Diagnostics;
using System.Text;
using Nnfs.Models;
using Nnfs.Serialization;
using Xunit.Abstractions;
using static Nnfs.Tests.Serialization.ModelFileSamples;

namespace Nnfs.Tests.Serialization;

/// <summary>Damaged, altered and hostile model files: each is refused with a <see cref="ModelFormatException"/> naming
/// the file, within the documented allocation bound, and never loads a different model silently.</summary>
public sealed class ModelFileSafetyTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("nnfs-safety-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Loads <paramref name="path"/> expecting a refusal; returns the message and the bytes allocated.</summary>
    private static (string Message, long Allocated) Refusal(string path, Action<string>? load = null)
    {
        load ??= p => ModelFile.Load(p);
        ModelFile.Load(GoldenPath("numpy_model_v2.nnfs"));
        long before = GC.GetAllocatedBytesForCurrentThread();
        var ex = Assert.Throws<ModelFormatException>(() => load(path));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Contains(path, ex.Message);
        Assert.DoesNotContain('\n', ex.Message);
        return (ex.Message, allocated);
    }

    private static string Problem(byte[] bytes) =>
        Assert.Throws<ModelFormatException>(() => ModelFile.LoadFromBytes(bytes, "crafted.nnfs")).Problem;

    [Fact]
    public void SwappedTensorsAreRefusedInVersion2()
    {
        byte[] good = ModelV2();
        ModelFile.LoadFromBytes(good, "good.nnfs");
        Assert.Contains("checksum mismatch", Problem(SwapOffsets(good, "layers.0.weight", "layers.0.weight.momentum")));
        Assert.Contains("checksum mismatch", Problem(SwapInHeader(good, "\"layers.0.weight\"", "\"layers.0.weight.momentum\"")));
        Assert.Contains("checksum mismatch", Problem(SwapInHeader(good, "\"layers.0.weight.cache\"", "\"layers.0.weight.momentum\"")));
    }

    [Fact]
    public void SwappedTensorsAreRefusedInVersion1()
    {
        byte[] golden = File.ReadAllBytes(GoldenPath("numpy_model_v1.nnfs"));
        ModelFile.LoadFromBytes(golden, "golden.nnfs");
        string[] problems =
        [
            Problem(SwapOffsets(golden, "layers.0.weight", "layers.0.weight.momentum")),
            Problem(SwapInHeader(golden, "\"layers.0.weight\"", "\"layers.0.weight.momentum\"")),
            Problem(SwapOffsets(golden, "layers.0.weight.cache", "layers.0.weight.momentum")),
            Problem(SwapInHeader(golden, "\"layers.3.bias.cache\"", "\"layers.3.bias.momentum\"")),
        ];
        foreach (string problem in problems)
            Assert.Contains("where the version-1 writer stored", problem);
        Assert.Contains("position 0 is 'layers.0.weight.momentum', where the version-1 writer stored 'layers.0.weight'", problems[0]);
    }

    [Fact]
    public void Version2WrittenByNumPyLoadsLikeVersion1()
    {
        var v1 = ModelFile.Load(GoldenPath("numpy_model_v1.nnfs"));
        var v2 = ModelFile.Load(GoldenPath("numpy_model_v2.nnfs"));
        var file = SafeTensorsReader.ReadFile(GoldenPath("numpy_model_v2.nnfs"));
        Assert.Equal(ChecksumScope.HeaderAndData, file.ChecksumScope);
        Assert.Equal(ChecksumScope.Data, SafeTensorsReader.ReadFile(GoldenPath("numpy_model_v1.nnfs")).ChecksumScope);
        var x = SafeTensorsReader.ReadFile(GoldenPath("numpy_model_v1_expected.safetensors")).Find("x")!;
        Assert.Equal(v1.Predict(x).Span.ToArray(), v2.Predict(x).Span.ToArray());
        Assert.Equal(v1.NamedParameters().Select(p => p.Key), v2.NamedParameters().Select(p => p.Key));
    }

    [Fact]
    public void ChecksumsAreComparedExactly()
    {
        byte[] good = ModelV2();
        string checksum = SafeTensorsReader.Read(good, "m").Metadata["checksum"];
        Assert.NotEqual(checksum, checksum.ToUpperInvariant());
        Assert.Contains("not 64 lowercase hexadecimal digits", Problem(EditHeader(good, h => h.Replace(checksum, checksum.ToUpperInvariant()))));

        byte[] golden = File.ReadAllBytes(GoldenPath("numpy_model_v1.nnfs"));
        string modelChecksum = SafeTensorsReader.Read(golden, "m").Metadata["model_checksum"];
        Assert.Contains(modelChecksum, Encoding.ASCII.GetString(golden));
        Assert.Contains("the model description was damaged or altered",
            Problem(EditHeader(golden, h => h.Replace(modelChecksum, modelChecksum.ToUpperInvariant()))));
    }

    [Fact]
    public void PaddingIsExactlyAsDocumented()
    {
        byte[] good = ModelV2();
        string header = Header(good);
        byte[] WithPadding(string padding)
        {
            byte[] json = Encoding.UTF8.GetBytes(header + padding);
            return [.. BitConverter.GetBytes((ulong)json.Length), .. json, .. good.AsSpan(good.Length - SafeTensorsData(good))];
        }
        int needed = (8 - header.Length % 8) % 8;
        ModelFile.LoadFromBytes(WithPadding(new string(' ', needed)), "m.nnfs");
        Assert.Contains("at most 7 spaces", Problem(WithPadding(new string(' ', needed + 8))));
        Assert.Contains("not a multiple of 8", Problem(WithPadding(new string(' ', needed + 1))));
        if (needed > 0)
            Assert.Contains("does not end with '}'", Problem(WithPadding(new string(' ', needed - 1) + "\t")));
    }

    private static int SafeTensorsData(byte[] file) => file.Length - 8 - (int)BitConverter.ToUInt64(file, 0);

    [Fact]
    public void AReformattedVersion2HeaderIsRefused()
    {
        byte[] good = ModelV2();
        Assert.Contains("canonical form", Problem(EditHeader(good, h => h.Replace("\"dtype\":", "\"dtype\": "))));
    }

    [Fact]
    public void AVersion2FileWithADataOnlyChecksumIsRefused()
    {
        byte[] golden = File.ReadAllBytes(GoldenPath("numpy_model_v1.nnfs"));
        Assert.Contains("covers the header and the data", Problem(EditHeader(golden, h => h.Replace("\"format_version\": \"1\"", "\"format_version\": \"2\""))));
    }

    [Fact]
    public void LoneSurrogatesAreRefused()
    {
        byte[] good = ModelV2();
        string header = Header(good);
        // One byte of the header turns the escaped quote of "decay" into a lone low surrogate escape.
        int at = header.IndexOf("\\\"decay", StringComparison.Ordinal);
        Assert.True(at > 0);
        byte[] bad = (byte[])good.Clone();
        bad[8 + Encoding.UTF8.GetByteCount(header[..(at + 1)])] = (byte)'u';
        Assert.Contains("lone UTF-16 surrogate", Problem(bad));

        Assert.Contains("lone UTF-16 surrogate", Problem(EditHeader(good, h => h.Replace("\"format\":\"nnfs\"", "\"format\":\"\\ud800\""))));
        Assert.Contains("lone UTF-16 surrogate", Problem(EditHeader(good, h => h.Replace("\"layers.0.bias\"", "\"\\udc00\""))));
        // Inside the description (a JSON text in a JSON string); the file's checksum is recomputed, as an attacker would.
        Assert.Contains("'model' metadata holds a string with a lone UTF-16 surrogate",
            Problem(WithMetadata(good, m => m["model"] = m["model"].Replace("\"relu\"", "\"\\ud800\""))));
    }

    /// <summary>The file with changed metadata and a valid checksum (a deliberate edit).</summary>
    private static byte[] WithMetadata(byte[] file, Action<Dictionary<string, string>> change)
    {
        var content = SafeTensorsReader.Read(file, "m");
        var metadata = content.Metadata.ToDictionary();
        change(metadata);
        using var stream = new MemoryStream();
        SafeTensorsWriter.Write(stream, new SafeTensorsFile(content.Tensors, metadata));
        return stream.ToArray();
    }

    public static TheoryData<string> HeavyHeaders => ["relu layers", "non-ASCII metadata", "escaped metadata", "number tokens", "empty tensors"];

    /// <summary>Files whose header is as expensive per byte as we could make it, each with a valid checksum.</summary>
    [Theory]
    [MemberData(nameof(HeavyHeaders))]
    public void HeaderHeavyFilesStayWithinTheBound(string kind)
    {
        byte[] good = ModelV2();
        byte[] crafted = kind switch
        {
            "relu layers" => WithMetadata(good, m => m["model"] = m["model"].Replace("{\"kind\":\"relu\"}",
                string.Join(',', Enumerable.Repeat("{\"kind\":\"relu\"}", 20_000)))),
            "non-ASCII metadata" => WithMetadata(good, m => m["note"] = new string('\u00e9', 100_000)),
            "escaped metadata" => WithMetadata(good, m => m["note"] = string.Concat(Enumerable.Repeat("\"\\\u0001", 30_000))),
            "number tokens" => WithMetadata(good, m => m["model"] = m["model"].Replace("\"loss\":",
                $"\"deep\":[{string.Join(',', Enumerable.Repeat('0', 100_000))}],\"loss\":")),
            _ => Signed(SafeTensorsReader.Read(good, "m").Metadata,
                Enumerable.Range(0, 5_000).Select(i => new KeyValuePair<string, Nnfs.Tensors.Matrix>($"{i}", new Nnfs.Tensors.Matrix(0, 1)))),
        };
        string path = Write("heavy.nnfs", crafted);
        ModelFile.Load(GoldenPath("numpy_model_v2.nnfs"));
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            ModelFile.Load(path);
        }
        catch (ModelFormatException)
        {
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated <= AllocationBound(crafted.Length), $"a {crafted.Length}-byte file allocated {allocated} bytes");
        output.WriteLine($"{kind}: {crafted.Length} bytes, {allocated} allocated ({allocated / (double)crafted.Length:0.0} per byte)");
    }

    private static byte[] Signed(IReadOnlyDictionary<string, string> metadata, IEnumerable<KeyValuePair<string, Nnfs.Tensors.Matrix>> tensors)
    {
        using var stream = new MemoryStream();
        SafeTensorsWriter.Write(stream, new SafeTensorsFile(tensors, metadata));
        return stream.ToArray();
    }

    [Fact]
    public void EmptyAndDuplicatedNamesAreRefused()
    {
        byte[] good = ModelV2();
        Assert.Contains("a tensor has an empty name", Problem(EditHeader(good, h => h.Replace("\"layers.0.bias\"", "\"\""))));
        Assert.Contains("names 'layers.0.weight' twice",
            Problem(EditHeader(good, h => h.Replace("\"layers.0.bias\"", "\"layers.0.weight\""))));
        Assert.Contains("names 'layers.0.weight' twice",
            Problem(EditHeader(good, h => h.Replace("\"layers.0.bias\"", "\"\\u006cayers.0.weight\""))));
        Assert.Contains("the metadata names 'kind' twice", Problem(EditHeader(good, h => h.Replace("\"format\":", "\"kind\":"))));
    }

    [Theory]
    [InlineData(46341, 46341)]
    [InlineData(2147483647, 1)]
    [InlineData(1, 2147483647)]
    [InlineData(40000, 50000)]
    public void AbsurdLayerSizesAreRefusedBeforeAllocating(int inputs, int neurons)
    {
        byte[] good = ModelV2();
        byte[] crafted = WithMetadata(good, m =>
        {
            Assert.Contains("\"inputs\":2,\"neurons\":3", m["model"]);
            m["model"] = m["model"].Replace("\"inputs\":2,\"neurons\":3", $"\"inputs\":{inputs},\"neurons\":{neurons}");
        });
        string path = Write("crafted.nnfs", crafted);
        var (message, allocated) = Refusal(path);
        Assert.Contains($"but the model's parameter is ({inputs}, {neurons})", message);
        Assert.True(allocated <= AllocationBound(crafted.Length), $"a {crafted.Length}-byte file allocated {allocated} bytes");
    }

    [Fact]
    public void TooManyLayersAreRefused()
    {
        // Model.Add checks each new layer against the previous ones, so the count is capped to keep a load fast.
        byte[] crafted = WithMetadata(ModelV2(), m => m["model"] = m["model"].Replace("{\"kind\":\"relu\"}",
            string.Join(',', Enumerable.Repeat("{\"kind\":\"relu\"}", ModelDescription.MaxLayers - 2))));
        Assert.Contains($"lists {ModelDescription.MaxLayers + 1} layers; at most {ModelDescription.MaxLayers} are supported", Problem(crafted));
    }

    [Fact]
    public void DeepNestingIsRefused()
    {
        byte[] good = ModelV2();
        string deep = new string('[', 100_000) + new string(']', 100_000);
        Assert.Contains("not valid JSON", Problem(EditHeader(good, h => h.Replace("\"shape\":[2,3]", $"\"shape\":{deep}"))));
        Assert.Contains("the 'model' metadata is not valid JSON",
            Problem(WithMetadata(good, m => m["model"] = m["model"].Replace("\"loss\":", $"\"deep\":{deep},\"loss\":"))));
        // Eight levels are allowed (header, entry, shape and six more), nine are not.
        Assert.Contains("field 'shape' holds 1 elements, not 2", Problem(EditHeader(good, h => h.Replace("\"shape\":[2,3]", "\"shape\":[[[[[[2]]]]]]"))));
        Assert.Contains("not valid JSON", Problem(EditHeader(good, h => h.Replace("\"shape\":[2,3]", "\"shape\":[[[[[[[2]]]]]]]"))));
    }

    [Fact]
    public void ADirectoryIsRefusedAsNotAFile()
    {
        string message = Refusal(_directory).Message;
        Assert.Contains("it is a directory, not a file", message);
        Assert.Contains("it is a directory", Assert.Throws<ModelFormatException>(() => ModelFile.LoadParameters(new Model(), _directory)).Message);
    }

    [Fact]
    public void MissingFilesAreFileNotFound()
    {
        string missing = Path.Combine(_directory, "no.model");
        Assert.Contains(missing + ": no such file", Assert.Throws<FileNotFoundException>(() => ModelFile.Load(missing)).Message);
        Assert.Throws<FileNotFoundException>(() => ModelFile.Load(Path.Combine(_directory, "no-folder", "m.model")));
        Assert.Throws<FileNotFoundException>(() => ModelFile.LoadParameters(new Model(), missing));
    }

    [Fact]
    public void DevZeroIsRefusedWithoutReadingIt()
    {
        if (!File.Exists("/dev/zero")) return;
        var (message, allocated) = Refusal("/dev/zero");
        Assert.Contains("not a regular file", message);
        Assert.True(allocated < 1 << 20, $"allocated {allocated} bytes");
        string link = Path.Combine(_directory, "zero.model");
        File.CreateSymbolicLink(link, "/dev/zero");
        Assert.Contains("not a regular file", Refusal(link).Message);
    }

    [Fact]
    public void AFifoIsRefusedWithoutBlocking()
    {
        if (OperatingSystem.IsWindows()) return;
        string fifo = Path.Combine(_directory, "pipe.model");
        using (var mkfifo = Process.Start(new ProcessStartInfo("mkfifo", [fifo]) { UseShellExecute = false })!)
        {
            mkfifo.WaitForExit();
            Assert.Equal(0, mkfifo.ExitCode);
        }
        Exception? thrown = null;
        var load = new Thread(() => thrown = Record.Exception(() => ModelFile.Load(fifo))) { IsBackground = true };
        load.Start();
        if (!load.Join(TimeSpan.FromSeconds(20)))
        {
            // Unblock the reader so the test process does not keep a hung thread.
            using (new FileStream(fifo, FileMode.Open, FileAccess.Write)) { }
            Assert.Fail("loading a FIFO blocked");
        }
        Assert.Contains("not a regular file", Assert.IsType<ModelFormatException>(thrown).Message);
    }

    [Fact]
    public void ASmallFileClaimingAHugeLayerAllocatesWithinTheBound()
    {
        // The case: a 6,524-byte file whose description claims a 40000 × 50000 layer (16 GB as float32).
        byte[] crafted = WithMetadata(ModelV2(), m =>
            m["model"] = m["model"].Replace("\"inputs\":2,\"neurons\":3", "\"inputs\":40000,\"neurons\":50000") + new string(' ', 4000));
        string path = Write("claims-16gb.nnfs", crafted);
        var (_, allocated) = Refusal(path);
        Assert.True(allocated <= AllocationBound(crafted.Length), $"a {crafted.Length}-byte file allocated {allocated} bytes");
        Assert.True(allocated < 64 * crafted.Length, $"allocated {allocated} bytes");
    }
}

using System.IO.Compression;
using Nnfs.Datasets;
using Nnfs.Tests.Fuzzing;

namespace Nnfs.Tests.Datasets;

/// <summary>
/// Mutation fuzzing of <see cref="IdxFile"/>: uncompressed files, gzip files mutated as bytes (mostly deflate, CRC and
/// trailer damage) and IDX data mutated before compression (so the IDX header and sizes are attacked behind a valid
/// gzip layer). Only <see cref="InvalidDataException"/> may come out, and each load stays within the documented
/// bound: 8 × the file's size + 4 × the bytes it decompresses to + 1 MiB, plus fixed buffers (256 KiB here).
/// </summary>
public class IdxFileFuzzTests
{
    private static readonly byte[] Images = IdxFileTests.ImageFileBytes(12, 7, 5);
    private static readonly byte[] Labels = IdxFileTests.LabelFileBytes(12);

    [Fact]
    public void UncompressedImageFiles() =>
        Run("idx images", Images, path => IdxFile.ReadImages(path), Fuzzer.Mutate);

    [Fact]
    public void UncompressedLabelFiles() =>
        Run("idx labels", Labels, path => IdxFile.ReadLabels(path), Fuzzer.Mutate, seed: 100_000, cases: Fuzzer.Cases / 2);

    [Fact]
    public void GzipBytesMutated() =>
        Run("idx.gz bytes", GzipMemberStreamTests.Gzip(Images), path => IdxFile.ReadImages(path), Fuzzer.Mutate, seed: 200_000,
            cases: Fuzzer.Cases / 2);

    [Fact]
    public void IdxMutatedThenCompressed() =>
        Run("idx mutated, then gzip", Images, path => IdxFile.ReadImages(path),
            (seed, random) => GzipMemberStreamTests.Gzip(Fuzzer.Mutate(seed, random)), seed: 300_000);

    [Fact]
    public void ChunkedReadsOfMutatedCompressedFiles() =>
        Run("idx chunks", Images, path => IdxFile.ReadImagesInChunks(path, (_, _, _) => { }, (_, _) => { }),
            (seed, random) => random.Next(2) == 0 ? Fuzzer.Mutate(seed, random) : GzipMemberStreamTests.Gzip(Fuzzer.Mutate(seed, random)),
            seed: 400_000, cases: Fuzzer.Cases / 4);

    private static void Run(string name, byte[] seedInput, Action<string> load, Func<byte[], Random, byte[]> mutate, int seed = 1, int? cases = null)
    {
        using var tmp = new TempDir();
        string path = tmp.Combine("case");
        int refused = Fuzzer.Run(name, seedInput, input =>
        {
            File.WriteAllBytes(path, input);
            load(path);
        }, input => 8L * input.Length + 4 * DecompressedLength(input) + (1 << 20) + (256 << 10),
            [typeof(InvalidDataException)], seed, cases, mutate: mutate);
        Assert.InRange(refused, 1, cases ?? Fuzzer.Cases); // the batch exercised the refusals, not only valid files
    }

    /// <summary>The input's length, or for gzip data what <see cref="GZipStream"/> decompresses from it before it
    /// ends or fails (every member, capped at 64 MiB).</summary>
    private static long DecompressedLength(byte[] input)
    {
        if (input.Length < 2 || input[0] != 0x1F || input[1] != 0x8B) return input.Length;
        long total = 0;
        try
        {
            using var gz = new GZipStream(new MemoryStream(input), CompressionMode.Decompress);
            var buffer = new byte[1 << 16];
            int n;
            while (total < (64 << 20) && (n = gz.Read(buffer)) > 0) total += n;
        }
        catch (InvalidDataException)
        {
        }
        return total;
    }
}

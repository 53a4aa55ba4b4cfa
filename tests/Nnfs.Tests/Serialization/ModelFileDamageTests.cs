using Nnfs.Serialization;
using static Nnfs.Tests.Serialization.ModelFileSamples;

namespace Nnfs.Tests.Serialization;

/// <summary>The documented promise that a single damaged byte anywhere in a file is refused, checked exhaustively on
/// small files (a class of its own so that it runs in parallel with the other tests).</summary>
public class ModelFileDamageTests
{
    [Fact]
    public void EveryFlippedBitOfAVersion2FileIsRefused()
    {
        byte[] good = ModelV2();
        AssertEveryFlipRefused(good);
    }

    [Fact]
    public void EveryFlippedBitOfAVersion1FileIsRefused() =>
        AssertEveryFlipRefused(File.ReadAllBytes(GoldenPath("numpy_model_v1.nnfs")));

    [Fact]
    public void EveryReplacedHeaderByteOfAVersion2ParametersFileIsRefused()
    {
        // All 255 other values of every header byte (the data bytes are covered by the SHA-256 like any other).
        byte[] good = ParametersV2();
        var model = SmallModel();
        int headerEnd = 8 + (int)BitConverter.ToUInt64(good, 0);
        byte[] bad = (byte[])good.Clone();
        for (int i = 0; i < headerEnd; i++)
        {
            for (int value = 0; value < 256; value++)
            {
                if (value == good[i]) continue;
                bad[i] = (byte)value;
                Assert.Throws<ModelFormatException>(() => ModelFile.LoadParametersFromBytes(model, bad, "p.nnfs"));
            }
            bad[i] = good[i];
        }
    }

    private static void AssertEveryFlipRefused(byte[] good)
    {
        ModelFile.LoadFromBytes(good, "good.nnfs");
        byte[] bad = (byte[])good.Clone();
        for (int i = 0; i < good.Length; i++)
        {
            for (int bit = 0; bit < 8; bit++)
            {
                bad[i] = (byte)(good[i] ^ (1 << bit));
                try
                {
                    ModelFile.LoadFromBytes(bad, "m.nnfs");
                    Assert.Fail($"byte {i} of {good.Length} with bit {bit} flipped ({good[i]:x2} -> {bad[i]:x2}) was accepted");
                }
                catch (ModelFormatException)
                {
                }
            }
            bad[i] = good[i];
        }
    }
}

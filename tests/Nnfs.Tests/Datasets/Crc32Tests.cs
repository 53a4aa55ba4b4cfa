using System.Text;
using Nnfs.Datasets;

namespace Nnfs.Tests.Datasets;

public class Crc32Tests
{
    [Fact]
    public void CheckValueIsTheStandardOne()
    {
        // The catalogue check value of CRC-32/ISO-HDLC (the gzip and PNG CRC).
        Assert.Equal(0xCBF43926u, Crc32.Compute(Encoding.ASCII.GetBytes("123456789")));
        Assert.Equal(0u, Crc32.Compute([]));
    }

    [Fact]
    public void MatchesTheBitwiseDefinitionAtEveryLengthAndSplit()
    {
        var random = new Random(5);
        for (int length = 0; length < 70; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            uint expected = Crc32Reference.Compute(data);
            Assert.Equal(expected, Crc32.Compute(data));
            int split = length == 0 ? 0 : random.Next(length);
            Assert.Equal(expected, Crc32.Append(Crc32.Compute(data.AsSpan(0, split)), data.AsSpan(split)));
        }
    }

    [Fact]
    public void MatchesTheTrailerThatGZipStreamWrites()
    {
        var data = new byte[100_003];
        new Random(6).NextBytes(data);
        var gz = GzipMemberStreamTests.Gzip(data);
        Assert.Equal(BitConverter.ToUInt32(gz, gz.Length - 8), Crc32.Compute(data));
    }
}

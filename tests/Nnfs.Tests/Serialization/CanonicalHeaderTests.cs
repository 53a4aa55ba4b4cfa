using System.Text;
using Nnfs.Serialization;

namespace Nnfs.Tests.Serialization;

public class CanonicalHeaderTests
{
    private static readonly Dictionary<string, string> Metadata = new()
    {
        ["b"] = "quote \" back \\ nl \n tab \t ctl \u0001 bs \b ff \f cr \r del \u007f slash / \u00e9 \u20ac \U0001D11E",
        ["a"] = "x",
        ["\u00e9"] = "y",
        ["\uffff"] = "z",
        ["\U0001D11E"] = "w",
        ["checksum"] = "00",
    };

    private static readonly TensorEntry[] Tensors =
    [
        new("layers.2.weight", 1, 2, 0, 8),
        new("layers.10.weight", 3, 0, 8, 8),
        new("Z", 1, 1, 8, 12),
    ];

    // Both expected texts were printed by Python 3.11:
    //   json.dumps(header, sort_keys=True, separators=(",", ":"))
    // for the same header, with and without the "checksum" entry (docs/model-format.md, "Checksum").
    private const string PythonFull =
        """{"Z":{"data_offsets":[8,12],"dtype":"F32","shape":[1,1]},"__metadata__":{"a":"x","b":"quote \" back \\ nl \n tab \t ctl \u0001 bs \b ff \f cr \r del \u007f slash / \u00e9 \u20ac \ud834\udd1e","checksum":"00","\u00e9":"y","\uffff":"z","\ud834\udd1e":"w"},"layers.10.weight":{"data_offsets":[8,8],"dtype":"F32","shape":[3,0]},"layers.2.weight":{"data_offsets":[0,8],"dtype":"F32","shape":[1,2]}}""";

    private const string PythonWithoutChecksum =
        """{"Z":{"data_offsets":[8,12],"dtype":"F32","shape":[1,1]},"__metadata__":{"a":"x","b":"quote \" back \\ nl \n tab \t ctl \u0001 bs \b ff \f cr \r del \u007f slash / \u00e9 \u20ac \ud834\udd1e","\u00e9":"y","\uffff":"z","\ud834\udd1e":"w"},"layers.10.weight":{"data_offsets":[8,8],"dtype":"F32","shape":[3,0]},"layers.2.weight":{"data_offsets":[0,8],"dtype":"F32","shape":[1,2]}}""";

    [Fact]
    public void IsWhatPythonsJsonDumpsWrites()
    {
        Assert.Equal(PythonFull, Encoding.ASCII.GetString(CanonicalHeader.Serialize(Metadata, null, Tensors)));
        Assert.Equal(PythonWithoutChecksum, Encoding.ASCII.GetString(CanonicalHeader.Serialize(Metadata, "checksum", Tensors)));
    }

    [Fact]
    public void SortsByCodePointNotByUtf16Unit()
    {
        // U+FFFF sorts before U+1D11E by code point, after it by UTF-16 code unit (0xD834).
        string text = Encoding.ASCII.GetString(CanonicalHeader.Serialize(Metadata, null, []));
        Assert.True(text.IndexOf("\\uffff", StringComparison.Ordinal) < text.IndexOf("\\ud834\\udd1e\":\"w", StringComparison.Ordinal));
    }

    [Fact]
    public void WithoutMetadataHasNoMetadataEntry() =>
        Assert.Equal("""{"a":{"data_offsets":[0,4],"dtype":"F32","shape":[1,1]}}""",
            Encoding.ASCII.GetString(CanonicalHeader.Serialize(null, null, [new("a", 1, 1, 0, 4)])));
}

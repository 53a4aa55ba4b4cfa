using System.Text;
using Nnfs.Datasets;
using Nnfs.Tests.Fuzzing;

namespace Nnfs.Tests.Datasets;

/// <summary>
/// Mutation fuzzing of <see cref="NumericCsv"/> and the class ids of what it reads: only
/// <see cref="InvalidDataException"/> may come out, and a parse allocates at most 100 bytes per byte of input + 1 MiB
/// (the text as UTF-16, its split fields and one float32 per number).
/// </summary>
public class NumericCsvFuzzTests
{
    private const string Table =
        "x1,\"x 2\",label\n1.5,2,0\n-3e2,\"4\",2\n\n0.25,1e-3,16777216\n7,8,2147483520\n+1,.5,1.0\n3,3,3\n";

    [Theory]
    [InlineData(-1, null)]
    [InlineData(0, false)]
    [InlineData(null, true)]
    public void TablesAndTheirClassIds(int? labelColumn, bool? hasHeader)
    {
        var options = new CsvOptions { LabelColumn = labelColumn, HasHeader = hasHeader };
        int refused = Fuzzer.Run($"csv label {labelColumn} header {hasHeader}", Encoding.UTF8.GetBytes(Table), input =>
        {
            var table = NumericCsv.Parse(new StringReader(Encoding.UTF8.GetString(input)), "fuzz.csv", options);
            if (table.Labels is null) return;
            var ids = table.ClassIds();
            for (int i = 0; i < ids.Length; i++) Assert.Equal((double)ids[i], (double)table.Labels[i]); // exact, not rounded
        }, input => 100L * input.Length + (1 << 20), [typeof(InvalidDataException)], seed: 500_000 + 1000 * (labelColumn ?? 7),
            cases: Fuzzer.Cases * 2 / 3, mutate: Mutate);
        Assert.InRange(refused, 1, Fuzzer.Cases);
    }

    /// <summary>Byte mutations, and half the time one field replaced by a text near an edge of the class ids.</summary>
    private static byte[] Mutate(byte[] seed, Random random)
    {
        if (random.Next(2) == 0) return Fuzzer.Mutate(seed, random);
        string[] edges = ["2147483647", "2147483648", "16777217", "-0", "1e10", "1e-30", "4294967296", "0x10", "1e", "+", ".", "\"\"", "NaN", "3.0000000001"];
        var lines = Encoding.UTF8.GetString(seed).Split('\n');
        int line = random.Next(lines.Length);
        var fields = lines[line].Split(',');
        fields[random.Next(fields.Length)] = edges[random.Next(edges.Length)];
        lines[line] = string.Join(',', fields);
        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }
}

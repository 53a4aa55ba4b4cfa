using Nnfs.Datasets;

namespace Nnfs.Tests.Datasets;

public class NumericCsvTests
{
    [Fact]
    public void HeaderIsDetectedAndLabelColumnSplitOff()
    {
        var table = Parse("x1, x2 ,label\n1.5,2,0\n\n-3e2,\"4\",2\n", new CsvOptions { LabelColumn = -1 });
        Assert.Equal(["x1", "x2"], table.FeatureNames!);
        Assert.Equal("label", table.LabelName);
        Assert.Equal((2, 2), (table.Features.Rows, table.Features.Columns));
        Assert.Equal([1.5f, 2f, -300f, 4f], table.Features.Span.ToArray());
        Assert.Equal([0f, 2f], table.Labels!);
        Assert.Equal([0, 2], table.ClassIds());
        Assert.Equal([0f, 2f], table.LabelMatrix().Span.ToArray());
    }

    [Fact]
    public void WithoutHeaderEveryLineIsData()
    {
        var table = Parse("7;1;2\n8;3;4\n", new CsvOptions { Separator = ';', LabelColumn = 0 });
        Assert.Null(table.FeatureNames);
        Assert.Equal([7f, 8f], table.Labels!);
        Assert.Equal([1f, 2f, 3f, 4f], table.Features.Span.ToArray());
    }

    [Fact]
    public void ExplicitHeaderFlagOverridesDetection()
    {
        var table = Parse("1,2\n3,4\n", new CsvOptions { HasHeader = true });
        Assert.Equal(["1", "2"], table.FeatureNames!);
        Assert.Equal(1, table.Features.Rows);
        Assert.Null(table.Labels);
    }

    [Fact]
    public void NonNumberNamesFileLineAndColumn()
    {
        var ex = Assert.Throws<InvalidDataException>(() => Parse("a,b\n1,2\n3,x\n"));
        Assert.Equal("data.csv, line 3, column 2: 'x' is not a number.", ex.Message);
    }

    [Theory]
    [InlineData("nan")]
    [InlineData("NaN")]
    [InlineData("-Infinity")]
    [InlineData("1e39")]
    public void NonFiniteNumberNamesFileLineAndColumn(string field)
    {
        var ex = Assert.Throws<InvalidDataException>(() => Parse($"1,2\n3,{field}\n"));
        Assert.Equal($"data.csv, line 2, column 2: '{field}' is not a finite float32 (NaN, infinite or beyond ±3.4e38).", ex.Message);
    }

    [Fact]
    public void RaggedRowNamesLine()
    {
        var ex = Assert.Throws<InvalidDataException>(() => Parse("1,2,3\n4,5\n"));
        Assert.Contains("data.csv, line 2: 2 columns, expected 3", ex.Message);
    }

    [Fact]
    public void BadLabelColumnAndBadClassIdsAreReported()
    {
        var ex = Assert.Throws<InvalidDataException>(() => Parse("1,2\n", new CsvOptions { LabelColumn = 5 }));
        Assert.Contains("label column 5 does not exist; the table has 2 columns", ex.Message);
        var table = Parse("1,2.5\n", new CsvOptions { LabelColumn = 1 });
        var ex2 = Assert.Throws<InvalidDataException>(() => table.ClassIds());
        Assert.Contains("label of data row 0 is 2.5", ex2.Message);
        Assert.Throws<InvalidDataException>(() => Parse("\n\n"));
    }

    [Fact]
    public void LoadReadsAFile()
    {
        using var tmp = new TempDir();
        string path = tmp.Combine("d.csv");
        File.WriteAllText(path, "f,y\n0.25,1\n");
        var table = NumericCsv.Load(path, new CsvOptions { LabelColumn = -1 });
        Assert.Equal([0.25f], table.Features.Span.ToArray());
        File.WriteAllText(path, "f\nnope\n");
        var ex = Assert.Throws<InvalidDataException>(() => NumericCsv.Load(path, new CsvOptions { HasHeader = true }));
        Assert.StartsWith(path + ", line 2, column 1", ex.Message);
    }

    private static NumericTable Parse(string text, CsvOptions? options = null) =>
        NumericCsv.Parse(new StringReader(text), "data.csv", options);
}

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
        Assert.Equal("data.csv, line 1, column 2: label '2.5' is not a class id: not a whole number.", ex2.Message);
        Assert.Throws<InvalidDataException>(() => Parse("\n\n"));
    }

    [Theory]
    [InlineData("3", 3)]
    [InlineData("3.0", 3)]
    [InlineData("3e0", 3)]
    [InlineData("30e-1", 3)]
    [InlineData("+3", 3)]
    [InlineData("\"7\"", 7)]
    [InlineData("-0", 0)]
    [InlineData("0.000", 0)]
    [InlineData("16777216", 16777216)]
    [InlineData("16777218", 16777218)]
    [InlineData("2147483520", 2147483520)]
    [InlineData("2.14748352e9", 2147483520)]
    public void ClassIdsAreReadExactlyFromTheLabelTexts(string label, int id)
    {
        var table = Parse($"x,y\n1,0\n2,{label}\n", new CsvOptions { LabelColumn = -1 });
        Assert.Equal([0, id], table.ClassIds());
        Assert.Equal(id, table.Labels![1]); // the float32 label is the same number
    }

    [Theory]
    [InlineData("2147483648", "above 2147483647, the largest int32")]
    [InlineData("99999999999", "above 2147483647, the largest int32")]
    [InlineData("1e10", "above 2147483647, the largest int32")]
    [InlineData("16777217", "float32 holds it as 16777216, so the label and the class id would differ")]
    [InlineData("2147483647", "float32 holds it as 2147483648, so the label and the class id would differ")]
    [InlineData("-1", "below 0")]
    [InlineData("1.5", "not a whole number")]
    [InlineData("1e-30", "not a whole number")]
    [InlineData("16777216.5", "not a whole number")]
    public void LabelsThatAreNotExactInt32ClassIdsAreRefusedWithFileLineAndColumn(string label, string problem)
    {
        var table = Parse($"x,y\n1,0\n\n2,{label}\n3,{label}\n", new CsvOptions { LabelColumn = -1 });
        var ex = Assert.Throws<InvalidDataException>(() => table.ClassIds());
        Assert.Equal($"data.csv, line 4, column 2: label '{label}' is not a class id: {problem}.", ex.Message);
        Assert.Equal(3, table.LabelMatrix().Rows); // the labels still serve regression
    }

    [Fact]
    public void ClassIdsOfATableBuiltInCodeComeFromItsFloats()
    {
        var features = new Nnfs.Tensors.Matrix(2, 1, [1f, 2f]);
        Assert.Equal([4, 16777216], new NumericTable(features, [4f, 16777216f], null, null).ClassIds());
        // 2^31 converted to int would saturate to 2147483647.
        var ex = Assert.Throws<InvalidDataException>(() => new NumericTable(features, [1f, 2147483648f], null, null).ClassIds());
        Assert.Equal("label of data row 1 is 2147483648, not a class id (a whole number from 0 to 2147483647).", ex.Message);
        Assert.Throws<InvalidDataException>(() => new NumericTable(features, [1f, -1f], null, null).ClassIds());
    }

    [Fact]
    public void ClassIdsFollowLabelsChangedAfterReading()
    {
        var table = Parse("1,2\n3,4\n", new CsvOptions { LabelColumn = -1 });
        table.Labels![0] = 9;
        Assert.Equal([9, 4], table.ClassIds());
        var replaced = table with { Labels = [5f, 6f] };
        Assert.Equal([5, 6], replaced.ClassIds());
        var broken = Parse("1,2\n3,2147483648\n", new CsvOptions { LabelColumn = -1 }) with { Labels = [1f, 2f] };
        Assert.Equal([1, 2], broken.ClassIds());
    }

    [Fact]
    public void LoadRefusesDirectoriesAndEmptyFiles()
    {
        using var tmp = new TempDir();
        Assert.Contains("is a directory", Assert.Throws<InvalidDataException>(() => NumericCsv.Load(tmp.Path)).Message);
        File.WriteAllText(tmp.Combine("empty.csv"), "");
        Assert.Contains("is empty or is not a regular file", Assert.Throws<InvalidDataException>(() => NumericCsv.Load(tmp.Combine("empty.csv"))).Message);
        Assert.Throws<FileNotFoundException>(() => NumericCsv.Load(tmp.Combine("none.csv")));
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

    [Fact]
    public void InputNamesTheFeaturesAndRecordsTheStandardizer()
    {
        var table = Parse("height,weight,kind\n1,10,0\n3,30,1\n", new CsvOptions { LabelColumn = -1 });
        var plain = table.Input();
        Assert.Equal((InputKind.Features, 2, true), (plain.Kind, plain.Length, plain.IsIdentity));
        Assert.Equal(["height", "weight"], plain.FeatureNames!);
        var standardizer = Standardizer.Fit(table.Features);
        var standardized = table.Input(standardizer);
        Assert.Equal([2f, 20f], standardized.Center);
        Assert.Equal([1f, 10f], standardized.Scale);
        Assert.Null(Parse("1,2\n3,4\n").Input().FeatureNames);
    }

    private static NumericTable Parse(string text, CsvOptions? options = null) =>
        NumericCsv.Parse(new StringReader(text), "data.csv", options);
}

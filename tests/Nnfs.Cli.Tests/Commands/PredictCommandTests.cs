using System.Globalization;
using System.Text.Json;
using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Imaging;
using Nnfs.Layers;
using Nnfs.Models;
using Nnfs.Randomness;
using Nnfs.Serialization;
using Nnfs.Tensors;

namespace Nnfs.Cli.Tests.Commands;

/// <summary><c>nnfs predict</c> on raw input through the model's recorded preprocessing, its refusals, <c>--top</c>
/// and <c>--format</c>.</summary>
public class PredictCommandTests
{
    private static readonly string[] Garments = [.. IdxDataset.FashionMnist.ClassNames!];

    private static Model Network(int inputs, int hidden, int outputs, uint seed)
    {
        var random = new RandomState(seed);
        var model = new Model();
        model.Add(new Dense(inputs, hidden, random: random, initScale: 0.1f));
        model.Add(new ReLU());
        model.Add(new Dense(hidden, outputs, random: random, initScale: 0.5f));
        model.Add(new Softmax());
        model.Build();
        return model;
    }

    private static string Csv(string dir, string name, Matrix rows, string? header = null)
    {
        string path = Path.Combine(dir, name);
        var lines = Enumerable.Range(0, rows.Rows).Select(r => string.Join(',', rows.Row(r).ToArray().Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        File.WriteAllLines(path, header is null ? lines : lines.Prepend(header));
        return path;
    }

    private static Matrix RawPixels(int rows, uint seed)
    {
        var random = new RandomState(seed);
        var m = new Matrix(rows, 784);
        for (int i = 0; i < m.Length; i++) m.Span[i] = random.RandInt(0, 256);
        return m;
    }

    private static Matrix Prepared(InputPreparation input, Matrix raw)
    {
        var m = new Matrix(raw.Rows, raw.Columns);
        input.Apply(raw.Span, m.Span);
        return m;
    }

    /// <summary>For each row, the classes of <paramref name="outputs"/> by falling probability (lower id first on ties).</summary>
    private static int[][] Ranked(Matrix outputs, int k) => Enumerable.Range(0, outputs.Rows)
        .Select(r => Enumerable.Range(0, outputs.Columns).OrderByDescending(c => outputs[r, c]).ThenBy(c => c).Take(k).ToArray()).ToArray();

    private static JsonElement[] Json(string output) => JsonDocument.Parse(output).RootElement.EnumerateArray().ToArray();

    [Fact]
    public void RawPixelRowsArePredictedAsTheModelPredictsTheScaledRows()
    {
        string dir = CliRunner.TempFolder();
        var model = Network(784, 32, 10, 1);
        model.Input = InputPreparation.Image(28, 28);
        model.ClassNames = Garments;
        string path = Path.Combine(dir, "fashion.nnfs");
        model.Save(path);
        var raw = RawPixels(6, 2);
        var expected = model.Predict(Prepared(model.Input, raw));
        var ranked = Ranked(expected, 3);
        // The scaled rows differ from the raw ones: taking raw pixels as prepared would not give these classes.
        Assert.NotEqual(ranked.Select(r => r[0]), Ranked(model.Predict(raw), 1).Select(r => r[0]));

        var (code, output, error) = CliRunner.Invoke("predict", path, Csv(dir, "raw.csv", raw), "--format", "json", "--top", "3");
        Assert.True(code == 0, error);
        var samples = Json(output);
        Assert.Equal(6, samples.Length);
        for (int r = 0; r < 6; r++)
        {
            Assert.EndsWith($"raw.csv:{r + 1}", samples[r].GetProperty("source").GetString());
            var top = samples[r].GetProperty("top").EnumerateArray().ToArray();
            Assert.Equal(ranked[r], top.Select(t => t.GetProperty("class_id").GetInt32()));
            Assert.Equal(ranked[r].Select(c => Garments[c]), top.Select(t => t.GetProperty("class").GetString()));
            Assert.Equal(ranked[r].Select(c => expected[r, c]), top.Select(t => t.GetProperty("probability").GetSingle()));
            Assert.Equal([1, 2, 3], top.Select(t => t.GetProperty("rank").GetInt32()));
        }
    }

    [Fact]
    public void RawFeatureRowsAreStandardizedAsRecorded()
    {
        string dir = CliRunner.TempFolder();
        var data = new Matrix(40, 4);
        var random = new RandomState(3);
        random.Randn(data.Span);
        for (int i = 0; i < data.Length; i++) data.Span[i] = data.Span[i] * 50 + 100 * (i % 4);
        var standardizer = Standardizer.Fit(data);
        var model = Network(4, 8, 3, 4);
        model.Input = InputPreparation.Features(4, ["a", "b", "c", "d"], standardizer);
        string path = Path.Combine(dir, "table.nnfs");
        model.Save(path);
        var expected = model.Predict(standardizer.Transform(data));

        var (code, output, error) = CliRunner.Invoke("predict", path, Csv(dir, "rows.csv", data, "a,b,c,d"), "--format", "csv", "--top", "2");
        Assert.True(code == 0, error);
        var lines = output.TrimEnd().Split('\n');
        Assert.Equal("source,rank,class_id,class,probability,inverted,truth", lines[0]);
        Assert.Equal(1 + 40 * 2, lines.Length);
        var ranked = Ranked(expected, 2);
        for (int r = 0; r < 40; r++)
            for (int k = 0; k < 2; k++)
            {
                var fields = lines[1 + 2 * r + k].Split(',');
                Assert.EndsWith($"rows.csv:{r + 1}", fields[0]);
                Assert.Equal((k + 1).ToString(CultureInfo.InvariantCulture), fields[1]);
                Assert.Equal(ranked[r][k], int.Parse(fields[2], CultureInfo.InvariantCulture));
                Assert.Equal(expected[r, ranked[r][k]], float.Parse(fields[4], CultureInfo.InvariantCulture));
            }
    }

    [Fact]
    public void AnImageForATabularModelIsRefusedInOneLine()
    {
        string dir = CliRunner.TempFolder();
        var model = Network(4, 8, 3, 5);
        model.Input = InputPreparation.Features(4, ["sepal length", "sepal width", "petal length", "petal width"]);
        string path = Path.Combine(dir, "iris.nnfs"), png = Path.Combine(dir, "photo.png");
        model.Save(path);
        ImageCodec.SavePng(new GrayImage(2, 2, [0, 255, 255, 0]), png);
        var result = CliRunner.Invoke("predict", path, png);
        CliRunner.AssertOneLineError(result, "image for a tabular model");
        Assert.Equal($"error: {png}: the model takes 4 features, as they are (sepal length, sepal width, petal length, petal width), not an image; give it a CSV file of rows",
            result.Error.Trim());
    }

    [Fact]
    public void AFileWithoutARecordedInputKeepsTheEarlierBehaviour()
    {
        string dir = CliRunner.TempFolder();
        var model = Network(784, 16, 10, 6);
        string path = Path.Combine(dir, "legacy.nnfs");
        model.Save(path);
        Assert.Null(Model.Load(path).Input);

        // CSV rows are taken as prepared.
        var rows = Prepared(InputPreparation.Image(28, 28), RawPixels(3, 7));
        var expected = model.Predict(rows);
        var (code, output, error) = CliRunner.Invoke("predict", path, Csv(dir, "prepared.csv", rows), "--format", "json");
        Assert.True(code == 0, error);
        Assert.Equal(Ranked(expected, 1).Select(r => r[0]), Json(output).Select(s => s.GetProperty("top")[0].GetProperty("class_id").GetInt32()));

        // An image is resized to the square input and scaled as the book does.
        string png = Path.Combine(dir, "digit.png");
        var pixels = new byte[40 * 40];
        for (int i = 0; i < pixels.Length; i++) pixels[i] = (byte)(i * 7 % 200);
        ImageCodec.SavePng(new GrayImage(40, 40, pixels), png);
        var image = ImagePreparation.LoadForPrediction([png], InvertMode.Never, out _);
        var probabilities = model.Predict(image);
        (code, output, error) = CliRunner.Invoke("predict", path, png, "--no-invert", "--format", "json", "--top", "10");
        Assert.True(code == 0, error);
        var top = Json(output)[0].GetProperty("top").EnumerateArray().ToArray();
        Assert.Equal(Ranked(probabilities, 10)[0], top.Select(t => t.GetProperty("class_id").GetInt32()));
        Assert.Equal(Ranked(probabilities, 10)[0].Select(c => probabilities[0, c]), top.Select(t => t.GetProperty("probability").GetSingle()));
        Assert.Equal(Ranked(probabilities, 10)[0].Select(c => Garments[c]), top.Select(t => t.GetProperty("class").GetString()));
    }

    [Fact]
    public void TopKInTextFollowsThePredictedClass()
    {
        string dir = CliRunner.TempFolder();
        var model = Network(784, 16, 10, 9);
        model.Input = InputPreparation.Image(28, 28);
        model.ClassNames = [.. Enumerable.Range(0, 10).Select(i => $"c{i}")];
        string path = Path.Combine(dir, "m.nnfs");
        model.Save(path);
        var raw = RawPixels(2, 10);
        var expected = model.Predict(Prepared(model.Input, raw));
        var ranked = Ranked(expected, 3);
        var (code, output, error) = CliRunner.Invoke("predict", path, Csv(dir, "x.csv", raw), "--top", "3");
        Assert.True(code == 0, error);
        var lines = output.TrimEnd().Split('\n');
        string P(int r, int c) => expected[r, c].ToString("0.000", CultureInfo.InvariantCulture);
        for (int r = 0; r < 2; r++)
        {
            int[] c = ranked[r];
            Assert.EndsWith($"x.csv:{r + 1}: c{c[0]} ({P(r, c[0])}); next: c{c[1]} ({P(r, c[1])}), c{c[2]} ({P(r, c[2])})", lines[r]);
        }
        // --dataset overrides the recorded names.
        (code, output, error) = CliRunner.Invoke("predict", path, Csv(dir, "x.csv", raw), "--dataset", "ids");
        Assert.True(code == 0, error);
        Assert.Contains($"x.csv:1: {ranked[0][0]} (", output);
    }

    [Theory]
    [InlineData("--top", "0", "--top: expected a whole number >= 1, got '0'")]
    [InlineData("--format", "xml", "--format: expected text, json, csv, got 'xml'")]
    public void BadOptionsAreOneLineErrors(string option, string value, string message)
    {
        string dir = CliRunner.TempFolder();
        string path = Path.Combine(dir, "m.nnfs");
        Network(4, 8, 3, 5).Save(path);
        var result = CliRunner.Invoke("predict", path, Path.Combine(dir, "x.csv"), option, value);
        CliRunner.AssertOneLineError(result, option);
        Assert.Contains(message, result.Error);
    }
}

using System.Text.Json;
using Nnfs.Descriptions;

namespace Nnfs.Tests.Descriptions;

public class DescriptionTests
{
    [Fact]
    public void WritesTheKindThenTheSettingsInOrderWithTheirTypes()
    {
        var d = new Description("dense").With("inputs", 2).With("steps", 5_000_000_000L).With("rate", 0.1f).With("lr", 0.1)
            .With("precision", (double?)null).With("binary", true);
        // 0.1f as float32 text is 0.1; widened to double it would read 0.10000000149011612.
        Assert.Equal("{\"kind\":\"dense\",\"inputs\":2,\"steps\":5000000000,\"rate\":0.1,\"lr\":0.1,\"precision\":null,\"binary\":true}", d.ToString());
        Assert.Equal(["inputs", "steps", "rate", "lr", "precision", "binary"], d.Settings.Select(s => s.Key));
        Assert.Equal([typeof(int), typeof(long), typeof(float), typeof(double)], d.Settings.Take(4).Select(s => s.Value!.GetType()));
    }

    [Fact]
    public void WriteToWritesOneObjectValue()
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartArray();
            new Description("relu").WriteTo(json);
            new Description("dropout").With("rate", 0.25f).WriteTo(json);
            json.WriteEndArray();
        }
        Assert.Equal("[{\"kind\":\"relu\"},{\"kind\":\"dropout\",\"rate\":0.25}]", System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    [Fact]
    public void EqualityComparesKindNamesTypesValuesAndOrder()
    {
        static Description Sample() => new Description("sgd").With("learning_rate", 1.0).With("iterations", 3L);
        Assert.Equal(Sample(), Sample());
        Assert.Equal(Sample().GetHashCode(), Sample().GetHashCode());
        Assert.NotEqual(Sample(), new Description("adam").With("learning_rate", 1.0).With("iterations", 3L));
        Assert.NotEqual(Sample(), new Description("sgd").With("iterations", 3L).With("learning_rate", 1.0));
        Assert.NotEqual(Sample(), new Description("sgd").With("learning_rate", 1.0).With("iterations", 3));
        Assert.NotEqual(Sample(), new Description("sgd").With("learning_rate", 1.0f).With("iterations", 3L));
        Assert.NotEqual(Sample(), new Description("sgd").With("learning_rate", 1.0).With("iterations", 4L));
        Assert.NotEqual(Sample(), new Description("sgd").With("learning_rate", 1.0));
        Assert.False(Sample().Equals(null));
    }

    [Fact]
    public void RefusesWhatJsonCannotHoldOrANameTwice()
    {
        Assert.Throws<ArgumentException>(() => new Description(""));
        Assert.Contains("'rate' is NaN", Assert.Throws<ArgumentException>(() => new Description("dropout").With("rate", float.NaN)).Message);
        Assert.Throws<ArgumentException>(() => new Description("sgd").With("decay", double.PositiveInfinity));
        Assert.Contains("'rate' is already there", Assert.Throws<ArgumentException>(() => new Description("dropout").With("rate", 0.1f).With("rate", 0.2f)).Message);
        Assert.Throws<ArgumentException>(() => new Description("dropout").With("kind", true));
        Assert.Throws<ArgumentException>(() => new Description("dropout").With("", true));
    }
}

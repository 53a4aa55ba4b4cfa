using System.Buffers.Binary;
using System.Text;
using System.Text.RegularExpressions;
using Nnfs.Activations;
using Nnfs.Datasets;
using Nnfs.Layers;
using Nnfs.Losses;
using Nnfs.Metrics;
using Nnfs.Models;
using Nnfs.Optimizers;
using Nnfs.Randomness;
using Nnfs.Serialization;

namespace Nnfs.Tests.Serialization;

/// <summary>Small model files for the tests of hostile and damaged inputs, and a way to edit their headers.</summary>
internal static class ModelFileSamples
{
    /// <summary>The documented bound on what a load may allocate (docs/model-format.md, "Threat model").</summary>
    public static long AllocationBound(long fileLength) => 50 * fileLength + (1 << 20);

    public static string GoldenPath(string name) => Path.Combine(AppContext.BaseDirectory, "Golden", "Serialization", name);

    /// <summary>2 → 3 → 2 classifier with Adam state after one epoch; its layer 0 weight and its momentum share a shape.</summary>
    public static Model SmallModel(int hidden = 3)
    {
        var random = new RandomState(7);
        var model = new Model { Report = TrainingReport.None };
        model.Add(new Dense(2, hidden, random: random));
        model.Add(new ReLU());
        model.Add(new Dense(hidden, 2, random: random));
        model.Add(new Softmax());
        model.Set(new CategoricalCrossEntropy(), new Adam(0.01), new CategoricalAccuracy());
        var (x, y) = SyntheticData.Spiral(10, 2, new RandomState(1));
        using (RandomState.UseGlobal(new RandomState(0)))
            model.Train(x, y, epochs: 1);
        return model;
    }

    /// <summary>The bytes <paramref name="save"/> writes for <paramref name="model"/> (e.g. ModelFile.Save).</summary>
    public static byte[] Bytes(Model model, Action<Model, string> save)
    {
        string path = Path.Combine(Path.GetTempPath(), $"nnfs-sample-{Guid.NewGuid():N}.nnfs");
        try
        {
            save(model, path);
            return File.ReadAllBytes(path);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A small version-2 model file.</summary>
    public static byte[] ModelV2() => Bytes(SmallModel(), ModelFile.Save);

    /// <summary>A small version-2 parameters file of <see cref="SmallModel"/>.</summary>
    public static byte[] ParametersV2() => Bytes(SmallModel(), ModelFile.SaveParameters);

    /// <summary>The header text of a file, without its padding.</summary>
    public static string Header(byte[] file) =>
        Encoding.UTF8.GetString(file, 8, (int)BinaryPrimitives.ReadUInt64LittleEndian(file)).TrimEnd(' ');

    /// <summary>
    /// The file with its header text replaced by <paramref name="edit"/> of it, padded again with spaces to a multiple
    /// of 8 and with the new length; the data section is kept. Checksums are not recomputed (a naive edit).
    /// </summary>
    public static byte[] EditHeader(byte[] file, Func<string, string> edit)
    {
        int n = (int)BinaryPrimitives.ReadUInt64LittleEndian(file);
        string text = edit(Header(file));
        byte[] json = Encoding.UTF8.GetBytes(text + new string(' ', (8 - Encoding.UTF8.GetByteCount(text) % 8) % 8));
        var result = new byte[8 + json.Length + file.Length - 8 - n];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)json.Length);
        json.CopyTo(result, 8);
        file.AsSpan(8 + n).CopyTo(result.AsSpan(8 + json.Length));
        return result;
    }

    /// <summary>Swaps the data_offsets of two tensors in the header (whatever its JSON formatting).</summary>
    public static byte[] SwapOffsets(byte[] file, string a, string b) => EditHeader(file, text =>
    {
        var entryA = Entry(text, a);
        var entryB = Entry(text, b);
        string offsetsA = Offsets(entryA.Value), offsetsB = Offsets(entryB.Value);
        Assert.NotEqual(offsetsA, offsetsB);
        var (first, second) = entryA.Index < entryB.Index ? (entryA, entryB) : (entryB, entryA);
        string Swapped(Match m) => m.Value.Replace(Offsets(m.Value), m == entryA ? offsetsB : offsetsA);
        return text[..first.Index] + Swapped(first) + text[(first.Index + first.Length)..second.Index] + Swapped(second)
            + text[(second.Index + second.Length)..];
    });

    private static Match Entry(string header, string name)
    {
        var match = Regex.Match(header, $"\"{Regex.Escape(name)}\":\\s*\\{{[^}}]*\\}}");
        Assert.True(match.Success, $"no entry '{name}' in {header}");
        return match;
    }

    private static string Offsets(string entry) => Regex.Match(entry, @"""data_offsets"":\s*\[[^\]]*\]").Value;

    /// <summary>Swaps two substrings of the header (e.g. two tensors' names or data_offsets), through a placeholder.</summary>
    public static byte[] SwapInHeader(byte[] file, string a, string b) => EditHeader(file, text =>
    {
        Assert.Contains(a, text);
        Assert.Contains(b, text);
        return text.Replace(a, "\u0001").Replace(b, a).Replace("\u0001", b);
    });
}

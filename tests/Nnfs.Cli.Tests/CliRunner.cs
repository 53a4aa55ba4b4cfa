using System.Buffers.Binary;
using Nnfs.Cli;

namespace Nnfs.Cli.Tests;

/// <summary>Runs the CLI commands in-process with captured output, and checks PNG files.</summary>
internal static class CliRunner
{
    public static (int Code, string Output, string Error) Invoke(params string[] args) => Invoke(CancellationToken.None, args);

    /// <summary>Runs the tool as <c>Program</c> does, with <paramref name="cancellation"/> standing in for Ctrl+C.</summary>
    public static (int Code, string Output, string Error) Invoke(CancellationToken cancellation, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        int code = CliApp.Run(args, output, error, cancellation);
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>
    /// Asserts what every failure of the tool looks like: a nonzero exit, exactly one line on standard error, and no
    /// stack trace or "Unhandled exception" anywhere.
    /// </summary>
    public static void AssertOneLineError((int Code, string Output, string Error) result, string context)
    {
        var (code, output, error) = result;
        Assert.True(code != 0, $"{context}: exit 0; output: {output}");
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"{context}: {lines.Length} lines on standard error: {error}");
        AssertNoTrace(result, context);
    }

    /// <summary>Asserts that neither output shows an unhandled exception or a stack frame.</summary>
    public static void AssertNoTrace((int Code, string Output, string Error) result, string context)
    {
        foreach (string text in new[] { result.Output, result.Error })
        {
            Assert.False(text.Contains("Unhandled exception", StringComparison.OrdinalIgnoreCase), $"{context}: {text}");
            Assert.False(text.Contains("   at "), $"{context}: {text}");
        }
    }

    /// <summary>A fresh empty folder under the temp directory.</summary>
    public static string TempFolder()
    {
        string folder = Path.Combine(Path.GetTempPath(), "nnfs-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Asserts that <paramref name="path"/> is a PNG (signature and IHDR chunk) of the given size.</summary>
    public static void AssertPng(string path, int? width = null, int? height = null)
    {
        Assert.True(File.Exists(path), $"{path} was not written");
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 33, $"{path} is only {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        int w = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), h = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20));
        if (width is int ew) Assert.Equal(ew, w);
        if (height is int eh) Assert.Equal(eh, h);
        Assert.True(w > 0 && h > 0);
    }
}

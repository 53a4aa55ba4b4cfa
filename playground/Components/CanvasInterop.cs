using System.Runtime.InteropServices.JavaScript;

namespace Nnfs.Playground.Components;

/// <summary>
/// The page's calls into wwwroot/playground.js (<c>globalThis.nnfsPlayground</c>), bound with the runtime's own
/// JavaScript interop (<c>[JSImport]</c>): the arguments are marshalled by generated code and the byte buffers are handed
/// over as views of .NET memory that the script copies during the call.
/// </summary>
/// <remarks>
/// Blazor's <c>IJSRuntime</c> serializes every argument to JSON and sends each byte array through a side channel; the
/// first such call in a page set up the JSON serializer's machinery for those types in the interpreter, a tenth of a
/// second before the page was ready (issue 16's time to interactive). The buffers' lifetimes: each view is valid only
/// during the call, and the script keeps copies (<c>slice()</c>), never the view.
/// </remarks>
internal static partial class CanvasInterop
{
    /// <summary>The data set of a canvas: points (x, y, class) as float32 bytes, the plotted area, the class count
    /// (0: regression).</summary>
    [JSImport("globalThis.nnfsPlayground.setData")]
    public static partial void SetData(string canvasId, [JSMarshalAs<JSType.MemoryView>] Span<byte> points,
        double minX, double maxX, double minY, double maxY, int classes);

    /// <summary>One redraw: the data plot (decision-region cells when <paramref name="resolution"/> &gt; 0, else the
    /// fitted curve as float32 x, y pairs) and the curves (float32 epoch, loss, accuracy, learning rate per point).</summary>
    [JSImport("globalThis.nnfsPlayground.redraw")]
    public static partial void Redraw(string dataCanvasId, [JSMarshalAs<JSType.MemoryView>] Span<byte> plot, int resolution,
        string metricsCanvasId, [JSMarshalAs<JSType.MemoryView>] Span<byte> metrics);

    /// <summary>Offers <paramref name="bytes"/> as a download named <paramref name="fileName"/>.</summary>
    [JSImport("globalThis.nnfsPlayground.downloadBytes")]
    public static partial void DownloadBytes(string fileName, [JSMarshalAs<JSType.MemoryView>] Span<byte> bytes, string mime);

    /// <summary>Offers the canvas as a PNG download named <paramref name="fileName"/>.</summary>
    [JSImport("globalThis.nnfsPlayground.downloadCanvas")]
    public static partial void DownloadCanvas(string canvasId, string fileName);
}

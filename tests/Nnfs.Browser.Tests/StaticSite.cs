using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Logging;

namespace Nnfs.Browser.Tests;

/// <summary>
/// A folder of static files served on a free loopback port by Kestrel, as any static host would serve a published
/// WebAssembly app: <c>index.html</c> for <c>/</c>, <c>.wasm</c> as <c>application/wasm</c>, the files as they are
/// (no precompressed variants).
/// </summary>
internal sealed class StaticSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StaticSite(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The base address, such as <c>http://127.0.0.1:41234</c>.</summary>
    public string Address { get; }

    /// <summary>The bytes of every file served so far (what the browser transferred).</summary>
    public long BytesServed => Interlocked.Read(ref _bytesServed);

    private long _bytesServed;

    /// <summary>Starts serving <paramref name="root"/>.</summary>
    public static async Task<StaticSite> StartAsync(string root)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = root });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var files = new PhysicalFileProvider(root);
        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".wasm"] = "application/wasm";
        types.Mappings[".dat"] = "application/octet-stream";
        StaticSite? site = null;
        app.Use(async (context, next) =>
        {
            await next(context);
            if (context.Response.ContentLength is long length) Interlocked.Add(ref site!._bytesServed, length);
        });
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files, ContentTypeProvider = types });
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return site = new StaticSite(app, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

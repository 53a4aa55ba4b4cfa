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
/// A folder of static files served on a free loopback port by Kestrel, as a static host serves a published WebAssembly
/// app: <c>index.html</c> for <c>/</c>, <c>.wasm</c> as <c>application/wasm</c>. A publish's folder (its parent holds the
/// publish's <c>*.staticwebassets.endpoints.json</c>) is served as ASP.NET Core serves a published app
/// (<c>MapStaticAssets</c>): each file's Brotli or gzip copy with <c>Content-Encoding</c> when the browser's
/// <c>Accept-Encoding</c> allows it, the plain file otherwise. Any other folder is served as its plain files.
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

    /// <summary>Whether the site serves precompressed copies (a publish's endpoint manifest was found).</summary>
    public bool Precompressed { get; private init; }

    /// <summary>Starts serving <paramref name="root"/>.</summary>
    public static async Task<StaticSite> StartAsync(string root)
    {
        string? manifest = Directory.GetParent(Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar)) is { } parent
            ? Directory.GetFiles(parent.FullName, "*.staticwebassets.endpoints.json").SingleOrDefault()
            : null;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = root, WebRootPath = root });
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var files = new PhysicalFileProvider(root);
        StaticSite? site = null;
        app.Use(async (context, next) =>
        {
            await next(context);
            if (context.Response.ContentLength is long length) Interlocked.Add(ref site!._bytesServed, length);
        });
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        if (manifest is not null)
        {
            app.UseRouting();
            app.MapStaticAssets(manifest);
        }
        else
        {
            var types = new FileExtensionContentTypeProvider();
            types.Mappings[".wasm"] = "application/wasm";
            types.Mappings[".dat"] = "application/octet-stream";
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files, ContentTypeProvider = types });
        }
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        site = new StaticSite(app, address) { Precompressed = manifest is not null };
        await site.WarmUpAsync(root);
        return site;
    }

    // A static host in service has long compiled its request path; this one was just started, and compiling it (the
    // JIT of the test's process, on the same cores as the browser) would be counted in the page's first load. Every
    // file is asked for once, as the browser will ask (Brotli accepted), then the byte count starts from zero.
    private async Task WarmUpAsync(string root)
    {
        using var client = new HttpClient { BaseAddress = new Uri(Address) };
        var paths = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".br", StringComparison.Ordinal) && !f.EndsWith(".gz", StringComparison.Ordinal))
            .Select(f => "/" + Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Prepend("/");
        foreach (string path in paths)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.AcceptEncoding.ParseAdd("gzip, deflate, br");
            using var response = await client.SendAsync(request);
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
        }
        Interlocked.Exchange(ref _bytesServed, 0);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

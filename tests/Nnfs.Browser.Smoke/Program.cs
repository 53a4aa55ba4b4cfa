using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using Nnfs.Browser.Smoke;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<SmokePage>("#app");
await builder.Build().RunAsync();

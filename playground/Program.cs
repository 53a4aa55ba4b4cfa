using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
using Nnfs.Playground.Pages;

var builder = WebAssemblyHostBuilder.CreateDefault(args);
builder.RootComponents.Add<Playground>("#app");
await builder.Build().RunAsync();

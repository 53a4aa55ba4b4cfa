using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Xunit;
using Xunit.Abstractions;
using Xunit.Sdk;

// Runs the test classes of Nnfs.Tests whose full name starts with one of the arguments (default: the kernel, layer,
// activation, loss, optimizer, model and tier tests) in this process, through xunit's own discoverer and executor
// (no test platform, which an emulated ARM64 process does not have), and exits with 1 if any failed, 2 if none ran.
string[] prefixes = args.Length > 0 ? args :
[
    "Nnfs.Tests.Kernels.", "Nnfs.Tests.Layers.", "Nnfs.Tests.Activations.", "Nnfs.Tests.Losses.",
    "Nnfs.Tests.Optimizers.", "Nnfs.Tests.Models.", "Nnfs.Tests.TierTests", "Nnfs.Tests.IsaSelectionTests",
];
// Compared with the x86-64 glibc of the machine, which an ARM64 process does not have.
string[] excluded =
[
    "Nnfs.Tests.Kernels.GlibcExpfTests", "Nnfs.Tests.Kernels.GlibcLogfTests",
];
Console.WriteLine($"{RuntimeInformation.ProcessArchitecture}, {RuntimeInformation.OSDescription}; Vector128 accelerated: "
    + $"{Vector128.IsHardwareAccelerated}, Vector256: {Vector256.IsHardwareAccelerated}; tier {Nnfs.Engine.Tier}");

var assembly = Reflector.Wrap(typeof(Nnfs.Tests.TierTests).Assembly);
var sink = new Sink();
using var framework = new XunitTestFramework(sink);
using var discoverer = framework.GetDiscoverer(assembly);
discoverer.Find(includeSourceInformation: false, sink, new Options());
sink.Finished.WaitOne();
var selected = sink.TestCases.Where(t =>
{
    string name = t.TestMethod.TestClass.Class.Name;
    return prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal))
        && !excluded.Contains(name) && !excluded.Contains($"{name}.{t.TestMethod.Method.Name}");
}).ToList();
Console.WriteLine($"{selected.Count} of {sink.TestCases.Count} test cases selected");
sink.Finished.Reset();
using var executor = framework.GetExecutor(assembly.Assembly.GetName());
executor.RunTests(selected, sink, new Options());
sink.Finished.WaitOne();
Console.WriteLine($"{sink.Passed} passed, {sink.Failed} failed, {sink.Skipped} skipped");
return sink.Failed > 0 ? 1 : sink.Passed == 0 ? 2 : 0;

/// <summary>Collects the discovered test cases and prints failures and skips.</summary>
sealed class Sink : LongLivedMarshalByRefObject, IMessageSink
{
    public List<ITestCase> TestCases { get; } = [];
    public ManualResetEvent Finished { get; } = new(false);
    public int Passed, Failed, Skipped;

    public bool OnMessage(IMessageSinkMessage message)
    {
        switch (message)
        {
            case ITestCaseDiscoveryMessage discovered: TestCases.Add(discovered.TestCase); break;
            case IDiscoveryCompleteMessage: Finished.Set(); break;
            case ITestPassed: Interlocked.Increment(ref Passed); break;
            case ITestSkipped skipped:
                Interlocked.Increment(ref Skipped);
                lock (this) Console.WriteLine($"skipped {skipped.Test.DisplayName}: {skipped.Reason}");
                break;
            case ITestFailed failed:
                Interlocked.Increment(ref Failed);
                lock (this) Console.WriteLine($"FAILED {failed.Test.DisplayName}: {string.Join(" | ", failed.Messages)}\n{string.Join("\n", failed.StackTraces)}");
                break;
            case ITestAssemblyFinished: Finished.Set(); break;
        }
        return true;
    }
}

/// <summary>xunit's defaults for discovery and execution (every option unset).</summary>
sealed class Options : ITestFrameworkDiscoveryOptions, ITestFrameworkExecutionOptions
{
    private readonly Dictionary<string, object?> _values = [];
    public TValue GetValue<TValue>(string name) => _values.TryGetValue(name, out var v) && v is TValue t ? t : default!;
    public void SetValue<TValue>(string name, TValue value) => _values[name] = value;
}

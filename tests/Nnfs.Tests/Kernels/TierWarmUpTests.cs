using System.Reflection;
using System.Runtime.CompilerServices;
using Nnfs.Kernels;

namespace Nnfs.Tests.Kernels;

public class TierWarmUpTests
{
    private const BindingFlags All = BindingFlags.Static | BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    public static TheoryData<IsaTier> Tiers() => new(Enum.GetValues<IsaTier>());

    private static bool IsLanes(Type parameter) =>
        parameter.GetGenericParameterConstraints().Any(c => c.IsGenericType && c.GetGenericTypeDefinition() == typeof(ILanes<>));

    private static bool IsKernelConstant(Type parameter) => parameter.GetGenericParameterConstraints().Contains(typeof(IKernelConstant));

    // The product kernels it prepares are the entries of the table the packed product calls, one for one.
    [Theory]
    [MemberData(nameof(Tiers))]
    public unsafe void TheProductKernelsAreTheTablesEntries(IsaTier tier)
    {
        var methods = TierWarmUp.ProductKernels(tier).ToList();
        Assert.Equal(2 * (MatMulMicroKernel.Table(tier, true).Length - 2), methods.Count);
        int n = 0;
        foreach (bool depthMajor in new[] { true, false })
        {
            var table = MatMulMicroKernel.Table(tier, depthMajor);
            for (int index = 2; index < table.Length; index++, n++)
                Assert.True((nint)table[index] == methods[n].MethodHandle.GetFunctionPointer(),
                    $"{tier} {(depthMajor ? "depth" : "row")}-major [{index}] is not {methods[n]}");
        }
    }

    // Every kernel generic over the lanes is in the list, instantiated for the tier: a new one that is not marked
    // (and so would be JIT-compiled at its first call) fails here. Helpers that also take compile-time sizes
    // (IKernelConstant: MatMulSmall's row/width blocks) are left out: every struct would be hundreds of instantiations,
    // and their callers (marked) are prepared. Inlined helpers are compiled into their callers, the
    // product's table builder runs once, in its class's initializer, and the product kernels are the tables' (above).
    [Theory]
    [MemberData(nameof(Tiers))]
    public void EveryKernelGenericOverTheLanesIsPreparedInTheTiersLanes(IsaTier tier)
    {
        var prepared = TierWarmUp.Methods(tier);
        var lanes = TierWarmUp.LanesOf(tier);
        var generic = typeof(TierWarmUp).Assembly.GetTypes().SelectMany(t => t.GetMethods(All))
            .Where(m => m.IsGenericMethodDefinition && m.GetGenericArguments().Any(IsLanes)
                && !m.MethodImplementationFlags.HasFlag(MethodImplAttributes.AggressiveInlining)
                && !typeof(ILaneFunction).IsAssignableFrom(m.DeclaringType) && m.Name != "BuildLanes" && m.DeclaringType != typeof(MatMulTierKernel)
                && !m.GetGenericArguments().Any(IsKernelConstant))
            .ToList();
        Assert.True(generic.Count >= 11, $"{generic.Count} kernels generic over the lanes");
        foreach (var definition in generic)
        {
            var instances = prepared.Where(p => p.IsGenericMethod && p.GetGenericMethodDefinition() == definition).ToList();
            Assert.True(instances.Count > 0, $"{definition.DeclaringType!.Name}.{definition.Name} is not prepared for {tier}");
            Assert.Contains(instances, p => p.GetGenericArguments().Contains(lanes));
        }
        // Outside the 512-bit tier's narrow product kernels (256 bits), every lanes argument is the tier's.
        foreach (var method in prepared.Where(p => p.IsGenericMethod && p.DeclaringType != typeof(MatMulTierKernel)))
        {
            var parameters = method.GetGenericMethodDefinition().GetGenericArguments();
            var arguments = method.GetGenericArguments();
            for (int i = 0; i < parameters.Length; i++)
                if (IsLanes(parameters[i])) Assert.Equal(lanes, arguments[i]);
        }
        Assert.Equal(prepared.Count, prepared.Distinct().Count());
    }

    [Fact]
    public void LaneMapIsPreparedForTheExpAndTheLog()
    {
        var maps = TierWarmUp.Methods(IsaTier.Vector512).Where(m => m.DeclaringType == typeof(LaneMap))
            .Select(m => m.GetGenericArguments()[0].DeclaringType).ToHashSet();
        Assert.Equal(new HashSet<Type?> { typeof(VectorExp), typeof(VectorLog) }, maps);
    }

    // Every method of the list can be compiled here, whatever tier the processor has (a missing width is emulated).
    [Theory]
    [MemberData(nameof(Tiers))]
    public void EveryMethodPrepares(IsaTier tier)
    {
        Assert.All(TierWarmUp.Methods(tier), m => Assert.False(m.ContainsGenericParameters, $"{m} is open"));
        Assert.True(TierWarmUp.Prepare(tier));
    }

    // Once per tier and process, on a background thread that nobody waits for.
    [Fact]
    public void StartsOncePerTierOnABackgroundThread()
    {
        Assert.True(TierWarmUp.Enabled || Environment.ProcessorCount == 1 || !RuntimeFeature.IsDynamicCodeCompiled
            || Environment.GetEnvironmentVariable(TierWarmUp.Variable) == "0");
        if (!TierWarmUp.Enabled) return;
        using var _ = Engine.UseTier(IsaTier.Vector128);
        var first = TierWarmUp.Start();
        if (first is not null) Assert.True(first.Join(TimeSpan.FromMinutes(2)));
        Assert.Null(TierWarmUp.Start());
        Assert.True(TierWarmUp.NewThread(IsaTier.Vector128).IsBackground);
    }

    // Reading images starts the warm-up of the flow's tier (a tool reads its data before it builds the model).
    [Fact]
    public void ReadingAnImageFileStartsTheWarmUpOfTheTier()
    {
        if (!TierWarmUp.Enabled) return;
        using var _ = Engine.UseTier(IsaTier.Vector256);
        var stream = new MemoryStream();
        Nnfs.Datasets.IdxFile.WriteImages(stream, new byte[2 * 3 * 4], 2, 3, 4);
        stream.Position = 0;
        Assert.Equal(2, Nnfs.Datasets.IdxFile.ReadImages(stream, "images.idx").Count);
        Assert.Null(TierWarmUp.Start());
    }
}

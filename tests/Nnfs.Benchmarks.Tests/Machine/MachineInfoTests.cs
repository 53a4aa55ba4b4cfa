using Nnfs.Benchmarks.Machine;

namespace Nnfs.Benchmarks.Tests.Machine;

public class MachineInfoTests
{
    [Fact]
    public void IsaFlags_KeepsTheVectorFlagsOfTheFirstProcessor()
    {
        const string X86 = """
            processor	: 0
            model name	: AMD EPYC
            flags		: fpu sse sse2 ssse3 fma sse4_1 sse4_2 avx f16c avx2 avx512f avx512dq avx512bw avx512vl avx512_bf16 aes

            processor	: 1
            flags		: fpu sse2
            """;
        Assert.Equal("fma sse4_1 sse4_2 avx f16c avx2 avx512f avx512dq avx512bw avx512vl avx512_bf16", MachineInfo.IsaFlags(X86));
        Assert.Equal("asimd asimdhp sve i8mm", MachineInfo.IsaFlags("processor : 0\nFeatures : fp asimd evtstrm aes asimdhp sve i8mm\n"));
        Assert.Equal("none", MachineInfo.IsaFlags("flags : fpu sse2\n"));
        Assert.Null(MachineInfo.IsaFlags("processor : 0\nmodel name : something\n"));
    }
}

using BenchmarkDotNet.Running;
using Nnfs.Benchmarks;

// `exact [--threads N] [--cpu-time]` times the exact-path kernel; `gemm [--threads N] [--cpu-time]` prints the GFLOP/s table beside NumPy;
// `step [--threads N] [--variant spin=US,panel=N]…` times a training step's products with element-wise gaps; `kernel [kc] [slivers]` times the
// micro-kernel alone; anything else goes to BenchmarkDotNet (e.g. --filter *, or --filter *TrainingStep* / *Inference* / *MatMul*).
if (args.Length > 0 && args[0] == "kernel")
    return KernelProbe.Run(args);
if (args.Length > 0 && args[0] == "exact")
    return ExactGemmTable.Run(args);
if (args.Length > 0 && args[0] == "step")
    return StepProbe.Run(args);
if (args.Length > 0 && args[0] == "gemm")
    return GemmTable.Run(args);
BenchmarkSwitcher.FromAssembly(typeof(GemmTable).Assembly).Run(args);
return 0;

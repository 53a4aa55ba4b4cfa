using Nnfs.Benchmarks;

return BenchmarkApp.CreateRoot().Parse(args).Invoke();

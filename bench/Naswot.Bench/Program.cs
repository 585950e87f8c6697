using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Naswot.Bench.KernelBenchmarks).Assembly).Run(args);

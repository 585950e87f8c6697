using BenchmarkDotNet.Running;

if (args is ["cluster-overhead", .. var rest]) await Naswot.Bench.ClusterOverhead.Run(rest);
else BenchmarkSwitcher.FromAssembly(typeof(Naswot.Bench.KernelBenchmarks).Assembly).Run(args);

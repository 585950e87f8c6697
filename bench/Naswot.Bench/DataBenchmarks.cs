using BenchmarkDotNet.Attributes;
using Naswot.Data;

namespace Naswot.Bench;

/// <summary>The data path: reading and normalising a 128-image batch from the bundled CIFAR-10 file.</summary>
[MemoryDiagnoser]
public class DataBenchmarks
{
    private readonly DatasetInfo _cifar10 = Datasets.Get("cifar10");

    [Benchmark]
    public ImageBatch FirstBatch() => DataSource.LoadBundled(_cifar10, BatchSelection.First(128));

    [Benchmark]
    public ImageBatch RandomBatch() => DataSource.LoadBundled(_cifar10, BatchSelection.Random(128, 7));
}

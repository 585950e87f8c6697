namespace Naswot.Runtime;

/// <summary>How networks and kernels execute. None of these change a score.</summary>
public sealed record RuntimeOptions
{
    /// <summary>Threads one forward pass may use; 0: one per core.</summary>
    public int IntraOpThreads { get; init; }

    /// <summary>
    /// Memory the networks scored at once may take together, in bytes; 0: <see cref="MemoryBudget.Default"/>.
    /// A network estimated past its share is refused before it runs (<see cref="MemoryBudget.Check"/>).
    /// </summary>
    public long MaxMemoryBytes { get; init; }

    /// <summary>Vectorised or scalar kernels; by default vectorised unless <c>NASWOT_SCALAR=1</c>.</summary>
    public KernelPath Kernels { get; init; } = KernelPaths.Default;

    /// <summary>ONNX Runtime's graph optimisations before the first run; higher costs more per session.</summary>
    internal Microsoft.ML.OnnxRuntime.GraphOptimizationLevel Optimization { get; init; } =
        Microsoft.ML.OnnxRuntime.GraphOptimizationLevel.ORT_ENABLE_ALL;
}

/// <summary>How the cores are shared: architectures scored at once, and threads for each one's forward pass.</summary>
public readonly record struct ParallelLayout(int Workers, int ThreadsPerWorker)
{
    /// <summary>
    /// One single-threaded cell per core, up to four: on 2 cores this scored 1.25–1.65× the cells per second of one
    /// 2-thread cell (`naswot bench`, seven runs): a 2-thread forward pass spends much of its time in memory-bound
    /// nodes that do not use the second core, and session creation and the kernel of one cell run beside the other's
    /// forward pass. The cap bounds memory (a 128-image NB201 cell peaks near 300 MB).
    /// </summary>
    public static ParallelLayout For(int cores, int workers = 0, int threads = 0)
    {
        if (workers < 0 || threads < 0) throw new NaswotException($"workers {workers}, threads {threads}: expected 0 (automatic) or more");
        int w = workers > 0 ? workers : Math.Clamp(cores, 1, 4);
        int t = threads > 0 ? threads : Math.Max(1, cores / w);
        return new ParallelLayout(w, t);
    }
}

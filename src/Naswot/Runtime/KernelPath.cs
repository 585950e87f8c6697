namespace Naswot.Runtime;

/// <summary>Which implementation of the kernels runs. Both give identical results; only the speed differs.</summary>
public enum KernelPath
{
    /// <summary>The vectorised kernels where the CPU has the instructions, else the scalar ones.</summary>
    Vector,

    /// <summary>The scalar twins: the test oracle and the benchmark baseline.</summary>
    Scalar,
}

/// <summary>The process's default kernel path, fixed at start-up: <c>NASWOT_SCALAR=1</c> selects the scalar twins.</summary>
internal static class KernelPaths
{
    public static KernelPath Default { get; } =
        Environment.GetEnvironmentVariable("NASWOT_SCALAR") == "1" ? KernelPath.Scalar : KernelPath.Vector;
}

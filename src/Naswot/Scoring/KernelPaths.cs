namespace Naswot.Scoring;

/// <summary>
/// Whether the vectorised kernels may run. NASWOT_SCALAR=1 forces the scalar twins, which are the
/// test oracle and the benchmark baseline.
/// </summary>
internal static class KernelPaths
{
    public static bool ForceScalar { get; set; } = Environment.GetEnvironmentVariable("NASWOT_SCALAR") == "1";
}

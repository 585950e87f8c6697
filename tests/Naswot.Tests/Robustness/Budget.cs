using System.Collections.Concurrent;
using Xunit.Abstractions;

namespace Naswot.Tests.Robustness;

/// <summary>
/// How hard the robustness suite tries. By default it stays within about a minute on 2 cores, as CI runs it;
/// <c>NASWOT_ROBUSTNESS=full</c> multiplies every count (cases, kills) for a run on demand. Every test says what it
/// tried on its output (<c>dotnet test --logger "console;verbosity=detailed"</c>).
/// </summary>
internal static class Budget
{
    /// <summary>Environment variable that asks for the big run.</summary>
    public const string Variable = "NASWOT_ROBUSTNESS";

    /// <summary>The trait every robustness test carries: <c>--filter Category=Robustness</c> runs the suite alone.</summary>
    public const string Category = "Robustness";

    public static bool Full => Environment.GetEnvironmentVariable(Variable) == "full";

    /// <summary><paramref name="quick"/> cases in CI, 20 times as many in the full run.</summary>
    public static int Cases(int quick) => Full ? quick * 20 : quick;

    private static readonly ConcurrentDictionary<string, long> Tried = new();

    /// <summary>Counts and prints what a test tried, e.g. "cifar10 binary truncations: 9,220".</summary>
    public static void Report(ITestOutputHelper output, string kind, long count)
    {
        Tried.AddOrUpdate(kind, count, (_, old) => old + count);
        output.WriteLine($"{kind}: {count:N0}");
    }
}

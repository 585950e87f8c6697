namespace Naswot.Search;

/// <summary>The difference of two means over independent runs, with its standard error.</summary>
/// <param name="StandardError">√(s₁²/n₁ + s₂²/n₂): the two sets of runs are independent.</param>
public readonly record struct MeanDifference(double Difference, double StandardError)
{
    /// <summary><paramref name="a"/>'s mean minus <paramref name="b"/>'s.</summary>
    /// <exception cref="ArgumentException">Either has fewer than two values (no standard deviation).</exception>
    public static MeanDifference Of(MeanStd a, MeanStd b)
    {
        if (a.Count < 2 || b.Count < 2) throw new ArgumentException("a standard error needs two or more values on each side");
        return new MeanDifference(a.Mean - b.Mean, Math.Sqrt(a.Std * a.Std / a.Count + b.Std * b.Std / b.Count));
    }

    /// <summary>"+0.12 ± 0.05 (s.e.)", two decimals as the tables print.</summary>
    public override string ToString() => FormattableString.Invariant($"{Difference:+0.00;−0.00;0.00} ± {StandardError:F2} (s.e.)");
}

using Naswot.Search;

namespace Naswot.Tests.Search;

/// <summary>Every figure of the paper's Table 2 that the code holds is the paper's.</summary>
public sealed class PaperFiguresTests
{
    /// <summary>
    /// Table 2(a) of Mellor et al. (ICML 2021), NB201, as the NASWOT project's issue 10 lists it (columns C10 val,
    /// C10 test, C100 val, C100 test, IN16 val, IN16 test; mean ± std over 500 runs, AREA 50 and no test figures).
    /// The issue corrects Optimal (N=100) on CIFAR-100 and ImageNet16-120, which the code once had wrong.
    /// </summary>
    private static readonly (string Method, double[] Figures, int Runs)[] Issue10 =
    [
        ("Random", [83.20, 13.28, 86.61, 13.46, 60.70, 12.55, 60.83, 12.58, 33.34, 9.39, 33.13, 9.66], 500),
        ("Optimal (N=10)", [89.92, 0.75, 93.06, 0.59, 69.61, 1.21, 69.76, 1.25, 43.11, 1.85, 43.30, 1.87], 500),
        ("Optimal (N=100)", [91.05, 0.28, 93.84, 0.23, 71.45, 0.79, 71.56, 0.78, 45.37, 0.61, 45.67, 0.64], 500),
        ("REA", [91.19, 0.31, 93.92, 0.30, 71.81, 1.12, 71.84, 0.99, 45.15, 0.89, 45.54, 1.03], 500),
        ("RS", [90.93, 0.36, 93.70, 0.36, 70.93, 1.09, 71.04, 1.07, 44.45, 1.10, 44.57, 1.25], 500),
        ("AREA", [91.20, 0.27, double.NaN, double.NaN, 71.95, 0.99, double.NaN, double.NaN, 45.70, 1.05, double.NaN, double.NaN], 50),
    ];

    /// <summary>
    /// The NASWOT rows, which the issue's list leaves out: the paper's as the README has always quoted them; the two
    /// CIFAR-10 test figures the issue does quote (N=100 92.81 ± 0.99, N=1000 92.96 ± 0.81) among them.
    /// </summary>
    private static readonly (string Method, double[] Figures, int Runs)[] Naswot =
    [
        ("NASWOT (N=10)", [89.14, 1.14, 92.44, 1.13, 68.50, 2.03, 68.62, 2.04, 41.09, 3.97, 41.31, 4.11], 500),
        ("NASWOT (N=100)", [89.55, 0.89, 92.81, 0.99, 69.35, 1.70, 69.48, 1.70, 42.81, 3.05, 43.10, 3.16], 500),
        ("NASWOT (N=1000)", [89.69, 0.73, 92.96, 0.81, 69.86, 1.21, 69.98, 1.22, 43.95, 2.05, 44.44, 2.10], 500),
    ];

    private static readonly string[] Datasets = ["cifar10", "cifar100", "imagenet16-120"];

    [Fact]
    public void EveryPaperFigureInTheCodeIsTheIssuesList()
    {
        var expected = new Dictionary<(string, string, string), PaperFigures>();
        foreach (var (method, figures, runs) in Issue10.Concat(Naswot))
        {
            for (int d = 0; d < Datasets.Length; d++)
            {
                var validation = new MeanStd(figures[4 * d], figures[4 * d + 1], runs);
                MeanStd? test = double.IsNaN(figures[4 * d + 2]) ? null : new MeanStd(figures[4 * d + 2], figures[4 * d + 3], runs);
                expected[(method, "nb201", Datasets[d])] = new PaperFigures(validation, test);
            }
        }
        var actual = Table2Replay.AllPaperFigures;
        Assert.Equal(expected.Keys.Order(), actual.Keys.Order());
        foreach (var (key, figures) in expected)
            Assert.True(figures == actual[key], $"{key}: code {actual[key]}, paper {figures}");
        Assert.Equal(expected[("Optimal (N=100)", "nb201", "cifar100")], Table2Replay.PaperFiguresOf("Optimal (N=100)", "NB201", "CIFAR100"));
    }
}

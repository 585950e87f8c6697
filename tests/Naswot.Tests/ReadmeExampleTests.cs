using Naswot.Data;
using Naswot.Runtime;
using Naswot.Scoring;
using Naswot.Search;

namespace Naswot.Tests;

public class ReadmeExampleTests
{
    private static double Example()
    {
        // README example begins
        var space = SearchSpaces.Get("nb201");
        var dataset = Datasets.Get("cifar10");
        var options = new ScoreOptions(); // first 128 images, init seed 1, NASWOT counting ReLUs as the original code
        var batch = DataSource.LoadBundled(dataset, options.Batch);
        var evaluator = new ArchitectureEvaluator(space, dataset, batch, options, new RuntimeOptions(), workers: 1);
        string cell = "|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|skip_connect~2|";
        double score = evaluator.Evaluate([cell], store: null)[0].Score; // 1644.576
        // README example ends
        return score;
    }

    [Fact]
    public void The_readme_example_runs_and_prints_what_the_readme_says()
    {
        Assert.Equal(1644.576, Example(), 3);
    }

    [Fact]
    public void The_readme_shows_the_example_verbatim()
    {
        string source = File.ReadAllText(RepositoryFile.Find("tests/Naswot.Tests/ReadmeExampleTests.cs"));
        string readme = File.ReadAllText(RepositoryFile.Find("README.md"));
        int start = source.IndexOf("// README example begins", StringComparison.Ordinal);
        int end = source.IndexOf("// README example ends", StringComparison.Ordinal);
        var lines = source[start..end].Split('\n').Skip(1).Select(l => l.Trim()).Where(l => l.Length > 0);
        foreach (string line in lines) Assert.Contains(line, readme);
    }
}

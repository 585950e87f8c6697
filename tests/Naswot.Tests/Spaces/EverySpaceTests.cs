using Naswot.Data;
using Naswot.Networks;
using Naswot.Runtime;
using Naswot.Search;
using Naswot.Store;

namespace Naswot.Tests.Spaces;

/// <summary>
/// What every registered space owes the engine, checked for each one, so a space added by its registry line alone is
/// held to it: canonical texts are fixed points, samples and mutants are canonical members, mutants differ, networks
/// build, score and export.
/// </summary>
public sealed class EverySpaceTests
{
    public static TheoryData<string> Spaces => new(SearchSpaces.All.Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Spaces))]
    public void Samples_mutants_and_the_largest_are_canonical_members_and_mutants_differ(string name)
    {
        var space = SearchSpaces.Get(name).Space;
        var random = new SeededRandom(7);
        string[] drawn = [.. Enumerable.Range(0, 20).Select(_ => space.Sample(random))];
        var again = new SeededRandom(7);
        Assert.Equal(drawn, Enumerable.Range(0, 20).Select(_ => space.Sample(again)));
        foreach (string architecture in drawn.Append(space.Largest))
        {
            Assert.Equal(architecture, space.Canonicalize(architecture));
            string mutant = space.Mutate(architecture, random);
            Assert.Equal(mutant, space.Canonicalize(mutant));
            Assert.NotEqual(architecture, mutant);
            _ = space.Identify(architecture);
        }
        Assert.Throws<ArchitectureException>(() => space.Canonicalize("not an architecture"));
        if (space.IsEnumerable) Assert.All(space.Enumerate().Take(50), a => Assert.Equal(a, space.Canonicalize(a)));
        else Assert.Throws<NaswotException>(() => space.Enumerate().First());
    }

    [Theory]
    [MemberData(nameof(Spaces))]
    public void A_sampled_network_scores_on_every_proxy_and_exports_a_model_of_any_batch_size(string name)
    {
        var registered = SearchSpaces.Get(name);
        var dataset = Datasets.Get("cifar10");
        string architecture = Smallest(registered, dataset);
        foreach (var proxy in Naswot.Scoring.ProxyRegistry.All)
        {
            var options = new Naswot.Scoring.ScoreOptions { Batch = BatchSelection.First(4), Proxy = proxy.With() };
            var evaluator = new ArchitectureEvaluator(registered, dataset, DataSource.LoadBundled(dataset, options.Batch), options, new RuntimeOptions(), 1);
            var result = Assert.Single(evaluator.Evaluate([architecture], store: null));
            Assert.NotEqual(ScoreStatus.Failed, result.Status);
        }

        var spec = new NetworkSpec(NetworkShape.Of(dataset) with { Classes = 3 }, 1, 1, registered.NetworkSettings(SettingValues.None));
        var exported = registered.Networks.Build(architecture, spec).ForInference();
        var batch = DataSource.LoadBundled(dataset, BatchSelection.First(2));
        using var options2 = SessionOptionsFactory.Create(new RuntimeOptions { IntraOpThreads = 1 });
        using var session = new NetworkSession(exported, options2);
        using var input = new InputTensor(batch.Pixels, 2, 3, 32, 32);
        using var logits = session.Run(input);
        Assert.Equal([2L, 3L], logits[0].GetTensorTypeAndShape().Shape);
        Assert.All(logits[0].GetTensorDataAsSpan<float>().ToArray(), v => Assert.True(float.IsFinite(v)));
    }

    [Theory]
    [MemberData(nameof(Spaces))]
    public void The_command_line_samples_mutates_and_exports_every_space(string name)
    {
        string folder = Directory.CreateTempSubdirectory("naswot-every-space-").FullName;
        try
        {
            (int Code, string Output, string Error) Run(params string[] args)
            {
                var output = new StringWriter();
                var error = new StringWriter();
                return (Naswot.Cli.NaswotCli.Run(args, output, error), output.ToString(), error.ToString());
            }
            var sampled = Run("sample", "--space", name, "--n", "2");
            Assert.True(sampled.Code == 0, sampled.Error);
            string[] drawn = sampled.Output.Trim().Split('\n');
            Assert.Equal(2, drawn.Length);
            var mutated = Run("mutate", "--space", name, "--arch", drawn[0]);
            Assert.True(mutated.Code == 0, mutated.Error);
            Assert.NotEqual(drawn[0], mutated.Output.Trim());

            string file = Path.Combine(folder, "net.onnx");
            var exported = Run("export", "--space", name, "--arch", Smallest(SearchSpaces.Get(name), Datasets.Get("cifar10")), "--classes", "4", "--out", file);
            Assert.True(exported.Code == 0, exported.Error);
            using var session = new Microsoft.ML.OnnxRuntime.InferenceSession(file);
            Assert.Equal([-1, 4], Assert.Single(session.OutputMetadata).Value.Dimensions);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>The cheapest of a few samples, so that the heaviest spaces stay quick to test.</summary>
    private static string Smallest(RegisteredSpace registered, DatasetInfo dataset)
    {
        var random = new SeededRandom(3);
        var spec = new NetworkSpec(NetworkShape.Of(dataset), 1, 1, registered.NetworkSettings(SettingValues.None)) { WithoutWeights = true };
        return Enumerable.Range(0, 8).Select(_ => registered.Space.Sample(random))
            .MinBy(a => registered.Networks.Build(a, spec).FlopsPerImage)!;
    }
}

using System.Globalization;
using Naswot.Benchmarks;
using Naswot.Spaces;

namespace Naswot.Tests.Benchmarks;

public sealed class Nb201TrainingSimulatorTests
{
    // Rows of natstss_cifar10valid_200ep.csv (train-per-time, valid-per-time) and minibench_nb201_12epoch.csv (the
    // 12-epoch val columns), copied by hand, so these checks run on the bundle without shared/.
    [Theory]
    [InlineData(0, Nb201Dataset.Cifar10, 7.221092999, 2.548979237, 63.36399998046875)]
    [InlineData(1, Nb201Dataset.Cifar10, 10.84820688, 3.754198977, 82.83399999389648)]
    [InlineData(5, Nb201Dataset.Cifar10, 9.96243, 3.243704892, 73.58400000610351)]
    [InlineData(1, Nb201Dataset.Cifar100, 10.84820688, 3.754198977, 57.79999996948242)]
    [InlineData(9930, Nb201Dataset.ImageNet16_120, 14.6725173, 4.691780962, 37.63333326212565)]
    public void TrainingReturnsTheTwelveEpochValidationAndCostsTwelveEpochsAndOneValidationPass(
        int index, Nb201Dataset dataset, double trainPerEpoch, double validPass, double accuracy)
    {
        var trained = Nb201TrainingSimulator.On(dataset).Train(index);
        Assert.Equal(new SimulatedTraining(accuracy, 12 * trainPerEpoch + validPass), trained);
        Assert.Equal(Nb201Benchmark.For(Nb201Epochs.Twelve).Accuracy(index, dataset).Validation, trained.Accuracy);
        Assert.Equal(trained, Nb201TrainingSimulator.On(dataset).Train(Nb201Space.Instance.CellAt(index).ToString()));
    }

    [Fact]
    public void EveryDatasetIsChargedTheCifar10ValidTimes()
    {
        foreach (int index in new[] { 0, 77, 15624 })
        {
            double seconds = Nb201TrainingSimulator.On(Nb201Dataset.Cifar10).Train(index).Seconds;
            Assert.Equal(seconds, Nb201TrainingSimulator.On(Nb201Dataset.Cifar100).Train(index).Seconds);
            Assert.Equal(seconds, Nb201TrainingSimulator.On(Nb201Dataset.ImageNet16_120).Train(index).Seconds);
        }
    }

    [Fact]
    public void TheTwoHundredEpochBenchmarksOfferTrainingOnTheirDatasetAndOthersNone()
    {
        foreach (var benchmark in SearchSpaces.Get("nb201").Benchmarks)
            Assert.Equal(benchmark.Dataset, benchmark.Training!.Dataset);
        Assert.All(SearchSpaces.All.Where(s => s.Name != "nb201").SelectMany(s => s.Benchmarks), b => Assert.Null(b.Training));
        Assert.All(Nb201Benchmark.ForEveryDataset(Nb201Epochs.Twelve), b => Assert.Null(b.Training));
    }

    [Fact]
    public void AnArchitectureOutsideTheSpaceIsOneLine()
    {
        var simulator = Nb201TrainingSimulator.On(Nb201Dataset.Cifar10);
        Assert.Throws<ArchitectureException>(() => simulator.Train("|conv~0|"));
        Assert.Throws<ArchitectureException>(() => simulator.Train(Nb201Cell.Count));
    }

    [Nb201DataFact]
    public void EveryCellCostsItsTableEntry()
    {
        // index, sol, name, C, N, arch_str, num_classes, index2, train-loss, train-accuracy, train-per-time, …, valid-per-time (14)
        var times = File.ReadLines(Path.Combine(SharedData.Nb201!, "natstss_cifar10valid_200ep.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        // nb201_index, arch, cifar10-test, cifar10-val, cifar100-test, cifar100-val, imagenet-test, imagenet-val
        var twelve = File.ReadLines(Path.Combine(SharedData.Nb201!, "minibench_nb201_12epoch.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        Assert.Equal(Nb201Cell.Count, times.Count);
        var simulators = Enum.GetValues<Nb201Dataset>().Select(Nb201TrainingSimulator.On).ToArray();
        for (int index = 0; index < Nb201Cell.Count; index++)
        {
            Assert.Equal(Nb201Space.Instance.CellAt(index).ToString(), times[index][5]);
            double seconds = 12 * Number(times[index][10]) + Number(times[index][14]);
            foreach (var simulator in simulators)
            {
                var trained = simulator.Train(index);
                double accuracy = Number(twelve[index][3 + 2 * (int)simulator.TrainedOn]);
                if (trained != new SimulatedTraining(accuracy, seconds)) Assert.Fail($"{simulator.Dataset} cell {index}: {trained}, table {accuracy}, {seconds}");
            }
        }
    }

    private static double Number(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}

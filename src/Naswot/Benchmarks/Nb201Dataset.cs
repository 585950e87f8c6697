namespace Naswot.Benchmarks;

/// <summary>The three NAS-Bench-201 datasets, named as the benchmark and the NASWOT paper name them.</summary>
public enum Nb201Dataset
{
    /// <summary>CIFAR-10: 10 classes, 32×32.</summary>
    Cifar10,
    /// <summary>CIFAR-100: 100 classes, 32×32.</summary>
    Cifar100,
    /// <summary>ImageNet16-120: the first 120 classes of ImageNet at 16×16.</summary>
    ImageNet16_120,
}

/// <summary>How long the benchmark trained each network.</summary>
public enum Nb201Epochs
{
    /// <summary>The 12-epoch schedule (NB201 v1_1 <c>hp='12'</c>, one seed): what simulated training returns in REA-style searches.</summary>
    Twelve = 12,

    /// <summary>The full 200-epoch schedule, mean over the benchmark's seeds: what the paper's tables report.</summary>
    TwoHundred = 200,
}

/// <summary>Which CIFAR-10 model a table's <see cref="Accuracy.Test"/> comes from.</summary>
public enum Cifar10TestModel
{
    /// <summary>
    /// The <c>cifar10-valid</c> model, trained on 25k training images, tested on the 10k test images (<c>ori-test</c>).
    /// Not the paper's convention: the 200-epoch table's Test, beside the validation accuracy of the same model; the
    /// train+valid model's is then <see cref="Accuracy.RetrainedTest"/>.
    /// </summary>
    TrainedOnTrainSplit,

    /// <summary>The paper's convention: the <c>cifar10</c> model, trained on all 50k training images, tested on <c>ori-test</c>.</summary>
    TrainedOnTrainPlusValid,
}

/// <summary>Names of the NB201 datasets as the benchmark and the command line write them.</summary>
public static class Nb201Datasets
{
    private static readonly string[] Names = ["cifar10", "cifar100", "imagenet16-120"];

    /// <summary>The benchmark's name of <paramref name="dataset"/>, e.g. <c>imagenet16-120</c>.</summary>
    public static string Name(this Nb201Dataset dataset) => Names[(int)dataset];

    /// <summary>Parses <c>cifar10</c>, <c>cifar100</c> or <c>imagenet16-120</c>, ignoring case.</summary>
    public static Nb201Dataset Parse(string name) =>
        UnknownNameException.Find(Enum.GetValues<Nb201Dataset>(), d => d.Name(), name, "NB201 dataset");
}

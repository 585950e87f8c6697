namespace Naswot.Data;

/// <summary>
/// A dataset's image shape, class count and the per-channel statistics NAS-Bench-201 normalises it with.
/// </summary>
/// <param name="Mean">Per-channel mean of pixel/255, in R, G, B order.</param>
/// <param name="Std">Per-channel standard deviation of pixel/255.</param>
/// <param name="HeaderBytes">Bytes before the pixels in a binary record. The label is the last of them:
/// CIFAR-100 stores the coarse label, then the fine one.</param>
public sealed record DatasetInfo(string Name, int Classes, int Height, int Width, float[] Mean, float[] Std, int HeaderBytes)
{
    /// <summary>RGB: three planes.</summary>
    public int Channels => 3;

    /// <summary>Bytes of one CHW image: R plane, G plane, B plane, each row-major.</summary>
    public int ImageBytes => Channels * Height * Width;

    /// <summary>Bytes of one binary record: header and image.</summary>
    public int RecordBytes => HeaderBytes + ImageBytes;

    /// <summary>Key of the label list in the Python pickle distribution.</summary>
    internal string PickleLabelKey { get; init; } = "labels";

    /// <summary>Label of class 0 in the pickles; the ImageNet16 pickles count from 1.</summary>
    internal int PickleFirstLabel { get; init; }

    /// <summary>Whether pickle records outside the class range are dropped rather than rejected:
    /// ImageNet16-120 is the first 120 classes of files that hold all 1000.</summary>
    internal bool PickleKeepsClassSubset { get; init; }

    /// <summary>Where a folder's training file may lie, in the order they are tried.</summary>
    internal IReadOnlyList<string> TrainingFiles { get; init; } = [];

    /// <summary>Path of the bundled sample below the repository's <c>data/</c> folder.</summary>
    internal string BundledFile { get; init; } = "";
}

/// <summary>The registry of supported datasets, by name.</summary>
public static class Datasets
{
    /// <summary>Every supported dataset.</summary>
    public static IReadOnlyList<DatasetInfo> All { get; } =
    [
        new("cifar10", 10, 32, 32, PerPixel(125.3, 123.0, 113.9), PerPixel(63.0, 62.1, 66.7), HeaderBytes: 1)
        {
            TrainingFiles = ["data_batch_1.bin", "cifar-10-batches-bin/data_batch_1.bin",
                             "data_batch_1", "cifar-10-batches-py/data_batch_1", "data_batch_1_first1024.bin"],
            BundledFile = "cifar10/data_batch_1_first1024.bin",
        },
        new("cifar100", 100, 32, 32, PerPixel(129.3, 124.1, 112.4), PerPixel(68.2, 65.4, 70.4), HeaderBytes: 2)
        {
            PickleLabelKey = "fine_labels",
            TrainingFiles = ["train.bin", "cifar-100-binary/train.bin", "train", "cifar-100-python/train",
                             "cifar100_sample_1024.bin"],
            BundledFile = "cifar100/cifar100_sample_1024.bin",
        },
        new("imagenet16-120", 120, 16, 16, PerPixel(122.68, 116.66, 104.01), PerPixel(63.22, 61.26, 65.09), HeaderBytes: 1)
        {
            PickleFirstLabel = 1,
            PickleKeepsClassSubset = true,
            TrainingFiles = ["train_data_batch_1", "ImageNet16/train_data_batch_1", "imagenet16_120_sample.bin"],
            BundledFile = "imagenet16/imagenet16_120_sample.bin",
        },
    ];

    /// <summary>The dataset of that name (case-insensitive); an unknown name lists the valid ones.</summary>
    public static DatasetInfo Get(string name) => UnknownNameException.Find(All, d => d.Name, name, "dataset");

    // PyTorch's Normalize turns the Python doubles x/255 into float32, so round the double quotient once.
    private static float[] PerPixel(double r, double g, double b) => [(float)(r / 255), (float)(g / 255), (float)(b / 255)];
}

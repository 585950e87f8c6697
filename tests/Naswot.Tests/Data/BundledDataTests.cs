using Naswot.Data;

namespace Naswot.Tests.Data;

/// <summary>The bundled samples checked against facts of the original files (see data/README.md).</summary>
public class BundledDataTests
{
    // Standard CIFAR-100 fine → coarse table.
    private static readonly int[] CoarseOfFine =
    [
        4, 1, 14, 8, 0, 6, 7, 7, 18, 3, 3, 14, 9, 18, 7, 11, 3, 9, 7, 11, 6, 11, 5, 10, 7, 6, 13, 15, 3, 15,
        0, 11, 1, 10, 12, 14, 16, 9, 11, 5, 5, 19, 8, 8, 15, 13, 14, 17, 18, 10, 16, 4, 17, 4, 2, 0, 17, 4, 18, 17,
        10, 3, 2, 12, 12, 16, 12, 1, 9, 19, 2, 10, 0, 1, 16, 12, 9, 13, 15, 13, 16, 19, 2, 4, 6, 19, 5, 5, 8, 19,
        18, 1, 2, 15, 6, 0, 17, 8, 14, 13,
    ];

    [Fact]
    public void Default_IsTheFirst128Cifar10TrainingImages()
    {
        var batch = DataSource.Default();

        Assert.Equal((128, 3, 32, 32), (batch.Count, batch.Channels, batch.Height, batch.Width));
        Assert.Equal(128 * 3072, batch.Pixels.Length);
        Assert.Equal("cifar10 data_batch_1_first1024.bin first 128", batch.Source);
        // The first ten labels of data_batch_1: frog, truck, truck, deer, automobile, automobile, bird, horse, ship, cat.
        Assert.Equal([6, 9, 9, 4, 1, 1, 2, 7, 8, 3], batch.Labels[..10]);
    }

    [Fact]
    public void Cifar10_FirstRecordIsTheKnownFrog()
    {
        var records = BinaryRecords.Read(BundledData.Locate("cifar10"), TestFiles.Cifar10, BatchSelection.First(1), out int total);

        Assert.Equal(1024, total);
        Assert.Equal(6, records.Labels[0]);
        Assert.Equal([59, 43, 50, 68, 98, 119, 139, 145, 149, 149], records.Pixels[..10]);
    }

    [Fact]
    public void Normalise_MatchesHandComputation()
    {
        var batch = DataSource.Default();
        var frog = batch.Image(0);

        // (byte − 255·mean) / (255·std): R[0] = (59 − 125.3)/63, G[0] = (62 − 123.0)/62.1,
        // B[0] = (63 − 113.9)/66.7 and the last B value (72 − 113.9)/66.7.
        Assert.Equal(-1.0523810, frog[0], 1e-6);
        Assert.Equal(-0.9822866, frog[1024], 1e-6);
        Assert.Equal(-0.7631184, frog[2048], 1e-6);
        Assert.Equal(-0.6281859, frog[3071], 1e-6);
    }

    [Fact]
    public void Normalise_IsBitExactWithFloat32TorchArithmetic()
    {
        var frog = DataSource.Default().Image(0);

        // Bits from a Python emulation of ToTensor + Normalize in float32 (each step rounded to float32).
        Assert.Equal(0xbf86b46bu, BitConverter.SingleToUInt32Bits(frog[0]));
        Assert.Equal(0xbf7b7723u, BitConverter.SingleToUInt32Bits(frog[1024]));
        Assert.Equal(0xbf435bbau, BitConverter.SingleToUInt32Bits(frog[2048]));
        Assert.Equal(0xbf20d0c9u, BitConverter.SingleToUInt32Bits(frog[3071]));
    }

    [Fact]
    public void Image_IsOneChwSlice()
    {
        var batch = DataSource.Default();

        Assert.Equal(3072, batch.Image(1).Length);
        Assert.Equal(batch.Pixels[3072], batch.Image(1)[0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => batch.Image(batch.Count).Length);
    }

    [Fact]
    public void Cifar100_GivesFineLabelsThatAgreeWithTheCoarseByte()
    {
        string file = BundledData.Locate("cifar100");
        var bytes = File.ReadAllBytes(file);

        var batch = DataSource.Load(file, TestFiles.Cifar100, BatchSelection.First(1024));

        Assert.Equal(100, batch.Labels.Distinct().Count());
        for (int i = 0; i < batch.Count; i++)
            Assert.Equal(bytes[i * 3074], CoarseOfFine[batch.Labels[i]]);
    }

    [Fact]
    public void ImageNet16_OneImagePerClassThenTinyImageNetClasses()
    {
        var batch = DataSource.LoadBundled(TestFiles.ImageNet16, BatchSelection.First(1024));

        Assert.Equal((16, 16), (batch.Height, batch.Width));
        Assert.Equal(Enumerable.Range(0, 120), batch.Labels[..120]);
        Assert.Subset(new HashSet<int> { 6, 7, 9, 10, 11, 23, 51, 58, 60, 82, 95, 100, 107 }, batch.Labels[120..].ToHashSet());
    }

    [Fact]
    public void Random_ReadsTheRecordsItPicked()
    {
        var selection = BatchSelection.Random(16, 11);
        var first = DataSource.LoadBundled(TestFiles.Cifar10, BatchSelection.First(1024));

        var batch = DataSource.LoadBundled(TestFiles.Cifar10, selection);

        Assert.Equal("cifar10 data_batch_1_first1024.bin random 16 (seed 11) of 1024", batch.Source);
        int[] picked = selection.Pick(1024);
        for (int k = 0; k < picked.Length; k++)
        {
            Assert.Equal(first.Labels[picked[k]], batch.Labels[k]);
            Assert.True(first.Image(picked[k]).SequenceEqual(batch.Image(k)));
        }
        Assert.Equal(batch.Pixels, DataSource.LoadBundled(TestFiles.Cifar10, selection).Pixels);
    }

    [Fact]
    public void Folder_FindsTheBundledFile()
    {
        string folder = Path.GetDirectoryName(BundledData.Locate("cifar100"))!;

        Assert.StartsWith("cifar100 cifar100_sample_1024.bin", DataSource.Load(folder, TestFiles.Cifar100, BatchSelection.First(2)).Source);
    }
}

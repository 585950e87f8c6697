using Naswot.Data;

namespace Naswot.Tests.Data;

/// <summary>Every kind of bad input is one DataException whose one-line message names the input.</summary>
public sealed class DataErrorTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    private static byte[] Cifar10Records(int count) => File.ReadAllBytes(BundledData.Locate("cifar10"))[..(count * 3073)];

    private string Fails(string path, DatasetInfo dataset, BatchSelection selection, string expected)
    {
        var error = Assert.Throws<DataException>(() => DataSource.Load(path, dataset, selection));
        Assert.Contains(path, error.Message);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
        return error.Message;
    }

    [Fact]
    public void MissingFile() =>
        Fails(Path.Combine(_files.Folder, "nope.bin"), TestFiles.Cifar10, BatchSelection.First(1), "no such file or folder");

    [Fact]
    public void FolderWithoutTrainingFile_ListsWhatWasLookedFor()
    {
        string message = Fails(_files.Folder, TestFiles.Cifar10, BatchSelection.First(1), "no cifar10 training file");

        Assert.Contains("data_batch_1.bin", message);
        Assert.Contains("cifar-10-batches-py/data_batch_1", message);
    }

    [Fact]
    public void BinWithPartialRecord() =>
        Fails(_files.Write("short.bin", Cifar10Records(2)[..^1]), TestFiles.Cifar10, BatchSelection.First(1), "3073-byte cifar10 records");

    [Fact]
    public void EmptyBin() =>
        Fails(_files.Write("empty.bin", []), TestFiles.Cifar10, BatchSelection.First(1), "0 bytes");

    [Fact]
    public void WrongRecordSize_Cifar10FileReadAsCifar100() =>
        Fails(_files.Write("c10.bin", Cifar10Records(2)), TestFiles.Cifar100, BatchSelection.First(1), "3074-byte cifar100 records");

    [Fact]
    public void FileWithoutExtension_NeitherPickleNorRecords() =>
        Fails(_files.Write("data_batch_1", Cifar10Records(1)[..100]), TestFiles.Cifar10, BatchSelection.First(1), "neither a pickle");

    [Fact]
    public void FileWithoutExtension_OfWholeRecords_IsRead() =>
        Assert.Equal(2, DataSource.Load(_files.Write("raw", Cifar10Records(2)), TestFiles.Cifar10, BatchSelection.First(2)).Count);

    [Fact]
    public void FewerRecordsThanTheBatch() =>
        Fails(_files.Write("three.bin", Cifar10Records(3)), TestFiles.Cifar10, BatchSelection.Random(4, 1), "holds 3 records, fewer than the batch of 4");

    [Fact]
    public void LabelByteOutOfRange()
    {
        var bytes = Cifar10Records(2);
        bytes[3073] = 10;

        Fails(_files.Write("label.bin", bytes), TestFiles.Cifar10, BatchSelection.First(2), "record 1 has label 10; expected 0..9");
    }

    [Fact]
    public void UnknownBundledDataset() =>
        Assert.Contains("'svhn'", Assert.Throws<UnknownNameException>(() => BundledData.Locate("svhn")).Message);
}

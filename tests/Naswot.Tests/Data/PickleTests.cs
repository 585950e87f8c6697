using Naswot.Data;

namespace Naswot.Tests.Data;

/// <summary>Pickle fixtures (made from the bundled files by Fixtures/make_pickle_fixtures.py) read like the binary records.</summary>
public sealed class PickleTests : IDisposable
{
    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Theory]
    [InlineData("cifar10_data_batch", "cifar10")]
    [InlineData("cifar10_py2_layout", "cifar10")]
    [InlineData("cifar100_train", "cifar100")]
    [InlineData("imagenet16_train_data_batch", "imagenet16-120")]
    public void Pickle_MatchesTheBinaryRecords(string fixture, string datasetName)
    {
        var dataset = Datasets.Get(datasetName);

        var fromPickle = DataSource.Load(TestFiles.Fixture(fixture), dataset, BatchSelection.First(5));
        var fromBinary = DataSource.LoadBundled(dataset, BatchSelection.First(5));

        Assert.Equal(fromBinary.Labels, fromPickle.Labels);
        Assert.Equal(fromBinary.Pixels, fromPickle.Pixels);
        Assert.Equal($"{datasetName} {fixture} (pickle) first 5", fromPickle.Source);
    }

    [Fact]
    public void ImageNet16Pickle_DropsLabelsOutsideThe120Classes()
    {
        // The fixture's six records include one labelled 500; only five remain.
        var error = Assert.Throws<DataException>(
            () => DataSource.Load(TestFiles.Fixture("imagenet16_train_data_batch"), TestFiles.ImageNet16, BatchSelection.First(6)));

        Assert.Contains("holds 5 records", error.Message);
    }

    [Fact]
    public void RandomFromPickle_MatchesRandomFromBinaryOfTheSameRecords()
    {
        var binary = _files.Write("five.bin", File.ReadAllBytes(BundledData.Locate("cifar10"))[..(5 * 3073)]);
        var selection = BatchSelection.Random(3, 99);

        var fromPickle = DataSource.Load(TestFiles.Fixture("cifar10_data_batch"), TestFiles.Cifar10, selection);

        Assert.Equal(DataSource.Load(binary, TestFiles.Cifar10, selection).Pixels, fromPickle.Pixels);
    }

    [Fact]
    public void Folder_FindsThePythonDistributionLayout()
    {
        _files.Write("cifar-10-batches-py/data_batch_1", TestFiles.FixtureBytes("cifar10_data_batch"));

        var batch = DataSource.Load(_files.Folder, TestFiles.Cifar10, BatchSelection.First(2));

        Assert.Equal("cifar10 data_batch_1 (pickle) first 2", batch.Source);
    }

    [Fact]
    public void GlobalOutsideNumpy_IsRejectedByName()
    {
        string file = _files.Write("evil", TestFiles.FixtureBytes("evil_global"));

        var error = Assert.Throws<DataException>(() => DataSource.Load(file, TestFiles.Cifar10, BatchSelection.First(1)));

        Assert.Contains(file, error.Message);
        Assert.Contains("'posix.system'", error.Message);
    }

    [Fact]
    public void GlobalCalledWithoutArguments_IsRejectedByName()
    {
        // {'data': os.system(), 'labels': [0]}: Razorvine makes a plain object of it, which must not pass as data.
        byte[] pickle = [0x80, 2, .. "}(X\x04\0\0\0datacos\nsystem\n)RX\x06\0\0\0labels](K\0eu."u8];
        string file = _files.Write("no_args", pickle);

        var error = Assert.Throws<DataException>(() => DataSource.Load(file, TestFiles.Cifar10, BatchSelection.First(1)));

        Assert.Contains("'os.system'", error.Message);
    }

    public static TheoryData<string, Func<byte[], byte[]>, string> Malformed => new()
    {
        { "truncated", bytes => bytes[..(bytes.Length / 2)], "ends early" },
        { "float_dtype", bytes => Replace(bytes, "X\x02\0\0\0u1"u8, "X\x02\0\0\0f4"u8), "dtype f4" },
        { "no_labels", bytes => Replace(bytes, "labels"u8, "labelz"u8), "no 'labels' entry" },
        { "not_a_dict", _ => [0x80, 2, .. "]."u8], "expected a dict" },
        { "bad_opcode", bytes => [0x80, 2, 0xFF, .. bytes[3..]], "not a readable data pickle" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void MalformedPickle_IsADataErrorNamingTheFile(string name, Func<byte[], byte[]> corrupt, string expected)
    {
        string file = _files.Write(name, corrupt(TestFiles.FixtureBytes("cifar10_data_batch")));

        var error = Assert.Throws<DataException>(() => DataSource.Load(file, TestFiles.Cifar10, BatchSelection.First(1)));

        Assert.Contains(file, error.Message);
        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void OutOfRangeLabel_IsRejectedForCifar()
    {
        string file = _files.Write("label_10", Replace(TestFiles.FixtureBytes("cifar10_py2_layout"), "](K\x06"u8, "](K\x0a"u8));

        var error = Assert.Throws<DataException>(() => DataSource.Load(file, TestFiles.Cifar10, BatchSelection.First(1)));

        Assert.Contains("record 0 has label 10", error.Message);
    }

    private static byte[] Replace(byte[] bytes, ReadOnlySpan<byte> from, ReadOnlySpan<byte> to)
    {
        int at = bytes.AsSpan().IndexOf(from);
        Assert.True(at >= 0, "fixture lacks the bytes to replace");
        var copy = bytes.ToArray();
        to.CopyTo(copy.AsSpan(at));
        return copy;
    }
}

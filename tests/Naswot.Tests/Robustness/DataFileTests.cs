using CsCheck;
using Naswot.Cli.Errors;
using Naswot.Data;
using Naswot.Tests.Data;
using Xunit.Abstractions;

namespace Naswot.Tests.Robustness;

/// <summary>
/// The CIFAR and ImageNet16 readers, binary records and pickles, given every truncation of a valid file, random
/// bytes and valid files with bytes changed: each read either gives records that are exactly the file's (labels in
/// range), or a <see cref="DataException"/> naming the file on one line. No other exception, no wrong record.
/// </summary>
[Trait("Category", Budget.Category)]
public sealed class DataFileTests(ITestOutputHelper output) : IDisposable
{
    private const string Name = "/data/file under test";

    private readonly TestFiles _files = new();

    public void Dispose() => _files.Dispose();

    public static TheoryData<string> Datasets => new(["cifar10", "cifar100", "imagenet16-120"]);

    public static TheoryData<string, string> Pickles => new()
    {
        { "cifar10_data_batch", "cifar10" },
        { "cifar10_py2_layout", "cifar10" },
        { "cifar100_train", "cifar100" },
        { "imagenet16_train_data_batch", "imagenet16-120" },
    };

    private static byte[] FirstRecords(DatasetInfo dataset, int count) =>
        File.ReadAllBytes(BundledData.Locate(dataset.Name))[..(count * dataset.RecordBytes)];

    [Theory]
    [MemberData(nameof(Datasets))]
    public void Binary_records_truncated_at_every_byte(string name)
    {
        var dataset = Naswot.Data.Datasets.Get(name);
        byte[] valid = FirstRecords(dataset, 3);
        for (int length = 0; length <= valid.Length; length++)
        {
            var records = ReadBinary(valid[..length], dataset, BatchSelection.First(1));
            if (records is { } r) AssertRecords(valid, dataset, r, [0]);
            else Assert.False(length > 0 && length % dataset.RecordBytes == 0, $"{length} bytes are whole records");
        }
        Budget.Report(output, $"{name} binary truncations", valid.Length + 1);
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public void Binary_garbage_is_read_exactly_or_refused(string name)
    {
        var dataset = Naswot.Data.Datasets.Get(name);
        long tried = 0;
        Gen.Byte.Array[0, 4 * dataset.RecordBytes + 3].Select(Gen.ULong).Sample((bytes, seed) =>
        {
            Interlocked.Increment(ref tried);
            var selection = seed % 2 == 0 ? BatchSelection.First(1) : BatchSelection.Random(2, seed);
            if (ReadBinary(bytes, dataset, selection) is { } records) AssertRecords(bytes, dataset, records, selection.Pick(bytes.Length / dataset.RecordBytes));
        }, iter: Budget.Cases(1000));
        Budget.Report(output, $"{name} binary garbage files", tried);
    }

    [Theory]
    [MemberData(nameof(Datasets))]
    public void Binary_records_with_changed_bytes_are_read_exactly_or_refused(string name)
    {
        var dataset = Naswot.Data.Datasets.Get(name);
        byte[] valid = FirstRecords(dataset, 3);
        long tried = 0;
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte, Gen.Bool).Sample((at, value, header) =>
        {
            Interlocked.Increment(ref tried);
            byte[] bytes = (byte[])valid.Clone();
            // Half the changes hit a label, where the reader has something to check.
            bytes[header ? at / dataset.RecordBytes * dataset.RecordBytes + dataset.HeaderBytes - 1 : at] = value;
            if (ReadBinary(bytes, dataset, BatchSelection.First(3)) is { } records) AssertRecords(bytes, dataset, records, [0, 1, 2]);
            else Assert.True(value >= dataset.Classes, $"label {value} refused");
        }, iter: Budget.Cases(1000));
        Budget.Report(output, $"{name} binary files with a changed byte", tried);
    }

    [Theory]
    [MemberData(nameof(Pickles))]
    public void Pickles_truncated_at_every_byte_are_refused(string fixture, string name)
    {
        var dataset = Naswot.Data.Datasets.Get(name);
        byte[] valid = TestFiles.FixtureBytes(fixture);
        var whole = PickleRecords.ReadAll(Name, valid, dataset);
        for (int length = 0; length < valid.Length; length++)
        {
            if (ReadPickle(valid[..length], dataset) is { } records) Assert.Fail($"{length} of {valid.Length} bytes read as {records.Count} records");
        }
        Assert.Equal(whole.Labels, PickleRecords.ReadAll(Name, valid, dataset).Labels);
        Budget.Report(output, $"{fixture} pickle truncations", valid.Length);
    }

    [Theory]
    [MemberData(nameof(Pickles))]
    public void Pickles_with_changed_bytes_are_read_or_refused(string fixture, string name)
    {
        var dataset = Naswot.Data.Datasets.Get(name);
        byte[] valid = TestFiles.FixtureBytes(fixture);
        long tried = 0;
        Gen.Select(Gen.Int[0, valid.Length - 1], Gen.Byte, Gen.Int[1, 3]).Sample((at, value, count) =>
        {
            Interlocked.Increment(ref tried);
            byte[] bytes = (byte[])valid.Clone();
            for (int k = 0; k < count; k++) bytes[(at + k * 7919) % bytes.Length] = (byte)(value + k);
            if (ReadPickle(bytes, dataset) is { } records)
            {
                Assert.Equal(records.Count * dataset.ImageBytes, records.Pixels.Length);
                Assert.All(records.Labels, label => Assert.InRange(label, 0, dataset.Classes - 1));
            }
        }, iter: Budget.Cases(1500));
        Budget.Report(output, $"{fixture} pickles with changed bytes", tried);
    }

    [Fact]
    public void Pickle_garbage_is_refused()
    {
        long tried = 0;
        // A PROTO header and opcodes, so the unpickler gets past its first byte.
        Gen.Byte.Array[0, 600].Sample(tail =>
        {
            Interlocked.Increment(ref tried);
            byte[] bytes = [0x80, 0x02, .. tail];
            if (ReadPickle(bytes, TestFiles.Cifar10) is { } records) Assert.Equal(records.Count * TestFiles.Cifar10.ImageBytes, records.Pixels.Length);
        }, iter: Budget.Cases(3000));
        Budget.Report(output, "pickle garbage files", tried);
    }

    [Fact]
    public void Files_on_disk_truncated_anywhere_are_read_exactly_or_refused()
    {
        // Through DataSource.Load, so the dispatch by extension and header is in the loop too.
        var dataset = TestFiles.Cifar10;
        byte[] binary = FirstRecords(dataset, 2);
        byte[] pickle = TestFiles.FixtureBytes("cifar10_data_batch");
        long tried = 0;
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, pickle.Length]).Sample((kind, cut) =>
        {
            tried++;
            byte[] source = kind < 2 ? binary : pickle;
            byte[] bytes = source[..(cut % (source.Length + 1))];
            string path = _files.Write(kind % 2 == 0 ? "data_batch_1.bin" : "data_batch_1", bytes);
            try
            {
                var batch = DataSource.Load(path, dataset, BatchSelection.First(1));
                Assert.Equal(1, batch.Count);
            }
            catch (DataException e)
            {
                Assert.Contains(path, e.Message);
                AssertOneCleanLine(e.Message);
            }
        }, iter: Budget.Cases(150), threads: 1);
        Budget.Report(output, "data files on disk, truncated", tried);
    }

    /// <summary>The records read, or null when the reader refused them as it should.</summary>
    private static RawRecords? ReadBinary(byte[] bytes, DatasetInfo dataset, BatchSelection selection)
    {
        try
        {
            using var stream = new MemoryStream(bytes);
            return BinaryRecords.Read(Name, stream, dataset, selection, out _);
        }
        catch (DataException e)
        {
            Assert.Contains(Name, e.Message);
            AssertOneCleanLine(e.Message);
            return null;
        }
    }

    private static RawRecords? ReadPickle(byte[] bytes, DatasetInfo dataset)
    {
        try
        {
            return PickleRecords.ReadAll(Name, bytes, dataset);
        }
        catch (DataException e)
        {
            Assert.Contains(Name, e.Message);
            AssertOneCleanLine(e.Message);
            return null;
        }
    }

    /// <summary>The records are exactly the file's: pixels byte for byte, labels as stored.</summary>
    private static void AssertRecords(byte[] file, DatasetInfo dataset, RawRecords records, int[] indices)
    {
        Assert.Equal(indices.Length, records.Count);
        for (int k = 0; k < indices.Length; k++)
        {
            int at = indices[k] * dataset.RecordBytes;
            Assert.Equal(file[at + dataset.HeaderBytes - 1], records.Labels[k]);
            Assert.True(file.AsSpan(at + dataset.HeaderBytes, dataset.ImageBytes).SequenceEqual(records.Pixels.AsSpan(k * dataset.ImageBytes, dataset.ImageBytes)));
        }
    }

    private static void AssertOneCleanLine(string message)
    {
        string line = ErrorText.Line(message);
        Assert.DoesNotContain('\n', message);
        Assert.DoesNotContain(line, char.IsControl);
    }
}

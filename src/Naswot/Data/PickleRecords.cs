using System.Collections;
using System.Text.RegularExpressions;
using Razorvine.Pickle;
using Razorvine.Pickle.Objects;

namespace Naswot.Data;

/// <summary>
/// Reads the Python pickle distributions: a dict with 'data' (N × pixels uint8 numpy array) and a label list.
/// CIFAR pickles come from Python 2 and have str keys, or bytes keys when re-saved by Python 3; both are read.
/// A pickle cannot be read in part, so the whole file is loaded and the batch selected afterwards.
/// </summary>
internal static partial class PickleRecords
{
    public static RawRecords ReadAll(string path, DatasetInfo dataset) => ReadAll(path, DataFile.ReadAll(path), dataset);

    /// <summary>The records of the pickle <paramref name="bytes"/>, named <paramref name="path"/> in messages.</summary>
    internal static RawRecords ReadAll(string path, byte[] bytes, DatasetInfo dataset)
    {
        NumpyPickle.Register();
        var root = Unpickle(path, bytes);
        if (root is not Hashtable dict)
            throw new DataException($"{path}: the pickle holds {Describe(root)}; expected a dict with 'data' and '{dataset.PickleLabelKey}'");
        RejectUnknownGlobals(path, dict);

        if (Entry(path, dict, "data") is not NdArray data)
            throw new DataException($"{path}: 'data' is {Describe(Entry(path, dict, "data"))}; expected a numpy uint8 array");
        if (Entry(path, dict, dataset.PickleLabelKey) is not IList labelList)
            throw new DataException($"{path}: '{dataset.PickleLabelKey}' is not a list of labels");

        var pixels = ImageBytes(path, data, dataset);
        int count = (int)data.Shape[0];
        if (labelList.Count != count)
            throw new DataException($"{path}: {count} images but {labelList.Count} labels in '{dataset.PickleLabelKey}'");
        return Keep(path, dataset, pixels, labelList);
    }

    private static object? Unpickle(string path, byte[] bytes)
    {
        try
        {
            using var unpickler = new Unpickler();
            return unpickler.loads(bytes);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new DataException($"{path}: not a readable data pickle: {Reason(e)}", e);
        }
    }

    /// <summary>Labels shifted to start at 0; records outside the classes are dropped where the dataset is a class subset.</summary>
    private static RawRecords Keep(string path, DatasetInfo dataset, byte[] pixels, IList labelList)
    {
        var labels = new int[labelList.Count];
        var kept = new List<int>(labelList.Count);
        for (int i = 0; i < labelList.Count; i++)
        {
            long label = labelList[i] switch
            {
                int n => n,
                long n => n,
                _ => throw new DataException($"{path}: label {i} is {Describe(labelList[i])}; expected an integer"),
            } - dataset.PickleFirstLabel;
            if (label >= 0 && label < dataset.Classes)
            {
                labels[i] = (int)label;
                kept.Add(i);
            }
            else if (!dataset.PickleKeepsClassSubset)
            {
                throw new DataException($"{path}: record {i} has label {labelList[i]}; expected {dataset.PickleFirstLabel}..{dataset.PickleFirstLabel + dataset.Classes - 1} for {dataset.Name}");
            }
        }
        if (kept.Count == 0)
            throw new DataException($"{path}: no record has a {dataset.Name} label");

        var all = new RawRecords(pixels, labels);
        return kept.Count == labels.Length ? all : all.Select([.. kept]);
    }

    /// <summary>The raw bytes of an N × pixels (or N × C × H × W) uint8 array in C order.</summary>
    private static byte[] ImageBytes(string path, NdArray data, DatasetInfo dataset)
    {
        if (data.DType is not { IsUInt8: true })
            throw new DataException($"{path}: 'data' has dtype {data.DType?.Descr}; expected uint8 ('u1')");
        if (data.IsFortran || data.Data is null)
            throw new DataException($"{path}: 'data' is not a C-order array of raw bytes");
        long size = 1;
        foreach (long dim in data.Shape)
            size *= dim;
        if (data.Shape.Length < 2 || data.Shape[0] > int.MaxValue || size != data.Shape[0] * dataset.ImageBytes || data.Data.Length != size)
            throw new DataException($"{path}: 'data' has shape ({string.Join(", ", data.Shape)}) and {data.Data.Length} bytes; expected N x {dataset.ImageBytes} for {dataset.Name}");
        return data.Data;
    }

    /// <summary>Looks a key up as str or bytes, since Python 2 and 3 pickles differ there.</summary>
    private static object? Entry(string path, Hashtable dict, string key)
    {
        foreach (DictionaryEntry entry in dict)
        {
            if (entry.Key is string text && text == key
                || entry.Key is byte[] bytes && bytes.AsSpan().SequenceEqual(System.Text.Encoding.ASCII.GetBytes(key)))
                return entry.Value;
        }
        throw new DataException($"{path}: the pickle has no '{key}' entry");
    }

    /// <summary>
    /// Razorvine turns a global it has no constructor for into a plain ClassDict instead of running it; any such
    /// object means the file is not a plain data pickle, so name the global and stop.
    /// </summary>
    private static void RejectUnknownGlobals(string path, object root)
    {
        var seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var pending = new Stack<object>();
        pending.Push(root);
        while (pending.TryPop(out var item))
        {
            if (item is ClassDict unknown)
                throw UnknownGlobal(path, unknown.ClassName);
            if (item is string or byte[] or NdArray || !seen.Add(item))
                continue;
            if (item is IDictionary map)
            {
                foreach (DictionaryEntry entry in map)
                {
                    PushObject(pending, entry.Key);
                    PushObject(pending, entry.Value);
                }
            }
            else if (item is IEnumerable items)
            {
                foreach (var child in items)
                    PushObject(pending, child);
            }
        }
    }

    private static void PushObject(Stack<object> pending, object? item)
    {
        if (item is not null and not ValueType)
            pending.Push(item);
    }

    private static DataException UnknownGlobal(string path, string name) =>
        new($"{path}: the pickle names Python global '{name}'; only numpy uint8 arrays, lists and dicts are read");

    /// <summary>The innermost cause, on one line; a called unknown global is named as such.</summary>
    private static string Reason(Exception e)
    {
        while (e.InnerException is not null)
            e = e.InnerException;
        var called = CalledGlobal().Match(e.Message);
        string reason = e switch
        {
            // Razorvine reads past the end of its buffer rather than reporting a short stream.
            ArgumentOutOfRangeException or IndexOutOfRangeException or EndOfStreamException => "it ends early (truncated or corrupt)",
            _ when called.Success => $"it calls Python global '{called.Groups[1].Value}'; only numpy uint8 arrays, lists and dicts are read",
            _ => e.Message,
        };
        return reason.ReplaceLineEndings(" ").Trim();
    }

    // Razorvine's message when a pickle calls a global it has no constructor for.
    [GeneratedRegex(@"construction of ClassDict \(for ([^)]+)\)")]
    private static partial Regex CalledGlobal();

    private static string Describe(object? value) => value switch
    {
        null => "None",
        ClassDict c => $"a '{c.ClassName}' object",
        _ => $"a {value.GetType().Name}",
    };
}

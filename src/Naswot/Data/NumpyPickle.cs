using Razorvine.Pickle;

namespace Naswot.Data;

/// <summary>
/// The only Python globals the pickle readers resolve: enough of numpy to rebuild a uint8 array.
/// Nothing from a pickle is ever executed; these constructors just record the state numpy wrote.
/// </summary>
internal static class NumpyPickle
{
    private static readonly object Gate = new();
    private static bool _registered;

    /// <summary>Razorvine keeps one process-wide table, so register once.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (_registered)
                return;
            // numpy 2 moved the module to numpy._core; its pickles name the new path.
            Unpickler.registerConstructor("numpy.core.multiarray", "_reconstruct", new ReconstructConstructor());
            Unpickler.registerConstructor("numpy._core.multiarray", "_reconstruct", new ReconstructConstructor());
            Unpickler.registerConstructor("numpy", "ndarray", NdArrayClass.Instance);
            Unpickler.registerConstructor("numpy", "dtype", new DTypeConstructor());
            _registered = true;
        }
    }

    /// <summary>The class object <c>numpy.ndarray</c>: only ever an argument to <c>_reconstruct</c>.</summary>
    private sealed class NdArrayClass : IObjectConstructor
    {
        public static readonly NdArrayClass Instance = new();

        public object construct(object[] args) => throw new DataException("numpy.ndarray is called directly; expected numpy's _reconstruct layout");
    }

    /// <summary><c>_reconstruct(ndarray, (0,), b'b')</c> makes an empty array that BUILD then fills.</summary>
    private sealed class ReconstructConstructor : IObjectConstructor
    {
        public object construct(object[] args) =>
            args.Length == 3 && ReferenceEquals(args[0], NdArrayClass.Instance)
                ? new NdArray()
                : throw new DataException("numpy _reconstruct has unexpected arguments; expected (numpy.ndarray, shape, typecode)");
    }

    /// <summary><c>numpy.dtype('u1', 0, 1)</c>; the arguments after the descriptor are flags numpy ignores for u1.</summary>
    private sealed class DTypeConstructor : IObjectConstructor
    {
        public object construct(object[] args) =>
            args.Length >= 1 && args[0] is string descr
                ? new NdDType(descr)
                : throw new DataException("numpy.dtype has unexpected arguments; expected a type descriptor such as 'u1'");
    }
}

internal sealed class NdDType(string descr)
{
    public string Descr { get; } = descr;

    public bool IsUInt8 => Descr is "u1" or "|u1" or "uint8";

    /// <summary>BUILD state (version, byte order, ...): not needed to read single bytes.</summary>
    public void __setstate__(object[] state) { }
}

/// <summary>
/// A numpy array as pickled. Any dtype is kept, since a file may hold other arrays (ImageNet16 stores a float
/// 'mean'); the reader checks that the array it uses is uint8 bytes in C order.
/// </summary>
internal sealed class NdArray
{
    public long[] Shape { get; private set; } = [];

    public NdDType? DType { get; private set; }

    public bool IsFortran { get; private set; }

    /// <summary>The raw bytes, or null where numpy stored a list (object arrays).</summary>
    public byte[]? Data { get; private set; }

    /// <summary>BUILD state: (version, shape, dtype, is_fortran, rawdata); numpy before 1.0 omits the version.</summary>
    public void __setstate__(object[] state)
    {
        if (state.Length is not (4 or 5))
            throw new DataException($"numpy array state has {state.Length} items; expected (version, shape, dtype, is_fortran, rawdata)");
        int at = state.Length - 4;
        if (state[at] is not object[] shape)
            throw new DataException("numpy array shape is not a tuple");

        Shape = new long[shape.Length];
        for (int i = 0; i < shape.Length; i++)
        {
            Shape[i] = shape[i] switch
            {
                int n when n >= 0 => n,
                long n when n >= 0 => n,
                _ => throw new DataException($"numpy array dimension {i} is {shape[i]}; expected a non-negative integer"),
            };
        }
        DType = state[at + 1] as NdDType ?? throw new DataException("numpy array dtype is not a numpy.dtype");
        IsFortran = state[at + 2] is true;
        Data = state[at + 3] switch
        {
            byte[] bytes => bytes,
            string latin1 => Latin1(latin1),
            _ => null,
        };
    }

    // Python 2 pickles hold raw data as str; Razorvine maps each byte to one char.
    private static byte[]? Latin1(string text)
    {
        var bytes = new byte[text.Length];
        for (int i = 0; i < text.Length; i++)
        {
            if (text[i] > 0xFF)
                return null;
            bytes[i] = (byte)text[i];
        }
        return bytes;
    }
}

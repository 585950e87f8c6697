using System.Globalization;
using Naswot.Networks;

namespace Naswot.Runtime;

/// <summary>
/// How much memory the networks being scored may take together: a network whose estimate
/// (<see cref="NetworkGraph.EstimatedBytes"/>) exceeds its worker's share is refused before it runs, with the batch
/// size that would fit, instead of running the machine out of memory.
/// </summary>
public static class MemoryBudget
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB"];

    /// <summary>Three quarters of the memory this process may use: the machine's, or its container's limit.</summary>
    public static long Default => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 4 * 3;

    /// <summary>
    /// A size as people write it: a whole or decimal number with an optional binary unit, <c>K</c>, <c>M</c>,
    /// <c>G</c>, <c>T</c> (also <c>KB</c>, <c>KiB</c>…, any case; 1K = 1024 bytes), e.g. <c>8G</c>, <c>1.5GiB</c>,
    /// <c>512m</c>, <c>1048576</c>.
    /// </summary>
    /// <returns>False for anything else, for 0 and for sizes past <see cref="long.MaxValue"/> bytes.</returns>
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (text is null) return false;
        var span = text.AsSpan().Trim();
        int end = 0;
        while (end < span.Length && (char.IsAsciiDigit(span[end]) || span[end] == '.')) end++;
        var number = span[..end];
        var unit = span[end..].Trim().ToString().ToUpperInvariant();
        int power = unit switch
        {
            "" or "B" => 0,
            "K" or "KB" or "KIB" => 1,
            "M" or "MB" or "MIB" => 2,
            "G" or "GB" or "GIB" => 3,
            "T" or "TB" or "TIB" => 4,
            _ => -1,
        };
        if (power < 0 || number.Length == 0 || number.Count('.') > 1 || number[0] == '.' || number[^1] == '.') return false;
        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out decimal value)) return false;
        decimal scaled = value;
        for (int i = 0; i < power; i++)
        {
            if (scaled > long.MaxValue) return false;
            scaled *= 1024;
        }
        scaled = decimal.Floor(scaled);
        if (scaled < 1 || scaled > long.MaxValue) return false;
        bytes = (long)scaled;
        return true;
    }

    /// <summary>Bytes in the largest binary unit that keeps a whole part, e.g. "1.5 GiB".</summary>
    public static string Format(long bytes)
    {
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : value.ToString(value < 10 ? "0.#" : "0", CultureInfo.InvariantCulture) + " " + Units[unit];
    }

    /// <summary>
    /// Refuses <paramref name="graph"/> when its estimate exceeds what one of <paramref name="workers"/> networks
    /// run at once may take out of <paramref name="maxBytes"/> (0: <see cref="Default"/>), naming the batch size that fits.
    /// </summary>
    /// <param name="what">The network, for the message, e.g. "nb201 network of '|…|'".</param>
    /// <exception cref="NaswotException">The network does not fit.</exception>
    public static void Check(NetworkGraph graph, int batchSize, int workers, long maxBytes, string what)
    {
        ArgumentNullException.ThrowIfNull(graph);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(workers);
        long limit = maxBytes > 0 ? maxBytes : Default;
        long share = limit / workers;
        long need = graph.EstimatedBytes;
        if (need <= share) return;
        // Activations grow with the batch, the rest does not.
        long fixedPart = need - graph.PeakActivationBytes - graph.PeakActivationBytes / 4;
        double perImage = (double)(graph.PeakActivationBytes + graph.PeakActivationBytes / 4) / batchSize;
        long fits = perImage > 0 ? (long)Math.Floor((share - fixedPart) / perImage) : 0;
        string workersPart = workers > 1 ? $" (one of {workers} networks scored at once)" : "";
        string advice = fits >= 2
            ? $"use --batch-size {Math.Min(fits, batchSize - 1)} or less{(workers > 1 ? ", fewer --workers" : "")}, or raise --max-memory"
            : $"it does not fit at any batch size{(workers > 1 ? " with this many --workers" : "")}: raise --max-memory";
        throw new NaswotException(
            $"{what} needs about {Format(need)} at batch {batchSize}, more than the {Format(share)}{workersPart} that the memory limit of {Format(limit)} allows; {advice}");
    }
}

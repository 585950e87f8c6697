using System.Globalization;

namespace Naswot.Spaces;

/// <summary>
/// A NATS-Bench size-space architecture: the widths of its five layers (cell, ResNet block, cell, ResNet block, cell),
/// each one of 8, 16, …, 64, written <c>c0:c1:c2:c3:c4</c> as the benchmark writes it.
/// </summary>
/// <remarks>
/// The benchmark numbers the 32,768 architectures with the first width most significant: NATS-Bench trains them in
/// the order of <c>traverse_net</c> over candidates 8..64 (D-X-Y/AutoDL-Projects@f46486e2:exps/NATS-Bench/main-sss.py),
/// and its <c>meta_archs</c> list that order (D-X-Y/NATS-Bench@1d4a304a:fake_torch_dir/NATS-sss-v1_0-50262-simple/meta.pickle.pbz2),
/// so index = Σ (cᵢ/8 − 1)·8^(4−i).
/// </remarks>
public readonly record struct NatsSssWidths
{
    /// <summary>Layers that have a width of their own.</summary>
    public const int Layers = 5;

    /// <summary>Widths a layer may take: 8, 16, …, 64.</summary>
    public const int Choices = 8;

    /// <summary>The step between widths, and the narrowest.</summary>
    public const int Step = 8;

    /// <summary>The widest a layer may be.</summary>
    public const int MaxWidth = Step * Choices;

    /// <summary>Number of architectures, 8⁵.</summary>
    public const int Count = 32_768;

    /// <summary>The benchmark's index: the widths as base-8 digits (width/8 − 1), the first layer most significant.</summary>
    public int Index { get; }

    private NatsSssWidths(int index) => Index = index;

    /// <summary>The architecture the benchmark stores at <paramref name="index"/>.</summary>
    /// <exception cref="ArchitectureException">The index is not in 0..32767.</exception>
    public static NatsSssWidths FromIndex(int index)
    {
        if ((uint)index >= Count) throw new ArchitectureException($"NATS-SSS index {index}: expected 0..{Count - 1}");
        return new NatsSssWidths(index);
    }

    /// <summary>The architecture of these five widths.</summary>
    /// <exception cref="ArgumentException">Not five widths, or one not among 8, 16, …, 64.</exception>
    public static NatsSssWidths FromWidths(ReadOnlySpan<int> widths)
    {
        if (widths.Length != Layers) throw new ArgumentException($"expected {Layers} widths, got {widths.Length}", nameof(widths));
        int index = 0;
        foreach (int width in widths)
        {
            if (!IsWidth(width)) throw new ArgumentException($"width {width} is not one of {ValidWidths}", nameof(widths));
            index = index * Choices + width / Step - 1;
        }
        return new NatsSssWidths(index);
    }

    /// <summary>The widths a layer may take, for messages: "8, 16, 24, 32, 40, 48, 56, 64".</summary>
    public static string ValidWidths => string.Join(", ", Enumerable.Range(1, Choices).Select(i => i * Step));

    /// <summary>The width of layer <paramref name="layer"/> (0..4).</summary>
    public int this[int layer]
    {
        get
        {
            if ((uint)layer >= Layers) throw new ArgumentOutOfRangeException(nameof(layer));
            int index = Index;
            for (int l = Layers - 1; l > layer; l--) index /= Choices;
            return (index % Choices + 1) * Step;
        }
    }

    /// <summary>The five widths, first layer first.</summary>
    public int[] ToArray()
    {
        var widths = new int[Layers];
        for (int l = 0; l < Layers; l++) widths[l] = this[l];
        return widths;
    }

    /// <summary>The benchmark's text form, e.g. <c>8:16:24:32:40</c>.</summary>
    public override string ToString() => string.Join(':', ToArray());

    /// <summary>Parses <c>c0:c1:c2:c3:c4</c>; throws <see cref="ArchitectureException"/> naming what is wrong.</summary>
    public static NatsSssWidths Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (TryParse(text, out var widths, out string? error)) return widths;
        throw new ArchitectureException($"NATS-SSS architecture '{text.Trim()}': {error}");
    }

    /// <summary>Parses <c>c0:c1:c2:c3:c4</c>; <paramref name="error"/> says what is wrong when it returns false.</summary>
    public static bool TryParse(string text, out NatsSssWidths widths, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        widths = default;
        string[] parts = text.Trim().Split(':');
        if (parts.Length != Layers)
        {
            error = $"expected {Layers} widths c0:c1:c2:c3:c4, found {parts.Length}";
            return false;
        }
        Span<int> values = stackalloc int[Layers];
        for (int l = 0; l < Layers; l++)
        {
            string part = parts[l].Trim();
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out values[l]))
            {
                error = $"width {l} '{part}' is not a number";
                return false;
            }
            if (values[l] < Step || values[l] > MaxWidth)
            {
                error = $"width {l} is {values[l]}, outside {Step}..{MaxWidth}";
                return false;
            }
            if (values[l] % Step != 0)
            {
                error = $"width {l} is {values[l]}, not a multiple of {Step}";
                return false;
            }
        }
        widths = FromWidths(values);
        error = null;
        return true;
    }

    private static bool IsWidth(int width) => width >= Step && width <= MaxWidth && width % Step == 0;
}

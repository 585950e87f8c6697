namespace Naswot.Data;

/// <summary>
/// A batch of normalised images in NCHW order, with their labels and a note of where they came from.
/// </summary>
public sealed class ImageBatch
{
    /// <summary>A batch of normalised NCHW pixels with one label per image.</summary>
    public ImageBatch(float[] pixels, int[] labels, int height, int width, string source)
    {
        ArgumentNullException.ThrowIfNull(pixels);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        if (pixels.Length != (long)labels.Length * 3 * height * width)
            throw new ArgumentException($"{pixels.Length} pixels do not make {labels.Length} images of 3x{height}x{width}", nameof(pixels));
        Pixels = pixels;
        Labels = labels;
        Height = height;
        Width = width;
        Source = source;
    }

    /// <summary>Count × Channels × Height × Width values, each (byte/255 − mean[c]) / std[c].</summary>
    public float[] Pixels { get; }

    /// <summary>The class of each image.</summary>
    public int[] Labels { get; }

    /// <summary>How many images: B.</summary>
    public int Count => Labels.Length;

    /// <summary>RGB: three planes.</summary>
    public int Channels => 3;

    /// <summary>Rows of each image.</summary>
    public int Height { get; }

    /// <summary>Columns of each image.</summary>
    public int Width { get; }

    /// <summary>Which file and which records, e.g. "cifar10 data_batch_1.bin first 128".</summary>
    public string Source { get; }

    /// <summary>Values in one image: Channels × Height × Width.</summary>
    public int ImageSize => Channels * Height * Width;

    /// <summary>Image <paramref name="index"/> in CHW order.</summary>
    public ReadOnlySpan<float> Image(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
        return Pixels.AsSpan(index * ImageSize, ImageSize);
    }

    /// <inheritdoc/>
    public override string ToString() => $"{Count} images {Channels}x{Height}x{Width} from {Source}";

    /// <summary>
    /// Normalises raw CHW bytes exactly as torchvision's ToTensor then Normalize do in float32:
    /// x = b / 255f, then (x − mean) / std. A per-channel table of the 256 results keeps it exact and cheap.
    /// </summary>
    internal static ImageBatch Normalise(DatasetInfo dataset, RawRecords records, string source)
    {
        int plane = dataset.Height * dataset.Width;
        var table = new float[dataset.Channels * 256];
        for (int c = 0; c < dataset.Channels; c++)
        {
            for (int b = 0; b < 256; b++)
                table[c * 256 + b] = (b / 255f - dataset.Mean[c]) / dataset.Std[c];
        }

        var bytes = records.Pixels;
        var pixels = new float[bytes.Length];
        for (int start = 0; start < bytes.Length; start += plane)
        {
            var channel = table.AsSpan((start / plane % dataset.Channels) * 256, 256);
            for (int p = start; p < start + plane; p++)
                pixels[p] = channel[bytes[p]];
        }
        return new ImageBatch(pixels, records.Labels, dataset.Height, dataset.Width, source);
    }
}

/// <summary>Records as stored: labels and CHW bytes, one image after another.</summary>
internal readonly record struct RawRecords(byte[] Pixels, int[] Labels)
{
    public int Count => Labels.Length;

    public RawRecords Select(int[] indices)
    {
        int imageBytes = Pixels.Length / Count;
        var pixels = new byte[indices.Length * imageBytes];
        var labels = new int[indices.Length];
        for (int k = 0; k < indices.Length; k++)
        {
            Pixels.AsSpan(indices[k] * imageBytes, imageBytes).CopyTo(pixels.AsSpan(k * imageBytes));
            labels[k] = Labels[indices[k]];
        }
        return new RawRecords(pixels, labels);
    }
}

namespace Naswot.Data;

/// <summary>
/// torchvision's <c>Resize(size)</c> then <c>CenterCrop(size)</c> on a PIL image, to the byte: the shorter side scaled to
/// <c>size</c> with PIL's antialiased bilinear filter, then the centre square cut out.
/// </summary>
/// <remarks>
/// The filter follows Pillow's fixed-point resampler (python-pillow/Pillow@d374015504df2c7f0316154deade1bc1fa5075df:
/// src/libImaging/Resample.c): a triangle of support 1 widened by the scale when shrinking, weights normalised in
/// doubles then rounded to 22-bit fixed point, the horizontal pass first into 8-bit rows, then the vertical one,
/// each rounding half up and clamping to 0..255. The output sizes and the crop's offsets follow torchvision
/// (torchvision 0.14.1 as Debian ships it, <c>torchvision/transforms/functional.py</c>: <c>_compute_resized_output_size</c>, <c>center_crop</c>).
/// </remarks>
internal static class ImageResize
{
    private const int PrecisionBits = 32 - 8 - 2;

    /// <summary>size × size CHW bytes (R plane, G plane, B plane) from height × width × 3 RGB bytes.</summary>
    public static byte[] ShorterSideThenCentre(byte[] rgb, int width, int height, int size)
    {
        // torchvision: the shorter side becomes size, the longer int(size * long / short).
        var (newWidth, newHeight) = width <= height
            ? (size, (int)((double)size * height / width))
            : ((int)((double)size * width / height), size);
        byte[] resized = newWidth == width && newHeight == height ? rgb : Resample(rgb, width, height, newWidth, newHeight);
        // Python's round() rounds halves to even, as Math.Round does.
        int top = (int)Math.Round((newHeight - size) / 2.0), left = (int)Math.Round((newWidth - size) / 2.0);
        var chw = new byte[3 * size * size];
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                int from = ((top + y) * newWidth + left + x) * 3;
                for (int c = 0; c < 3; c++) chw[c * size * size + y * size + x] = resized[from + c];
            }
        }
        return chw;
    }

    /// <summary>PIL's <c>Image.resize((outWidth, outHeight), BILINEAR)</c> of an RGB image.</summary>
    internal static byte[] Resample(byte[] rgb, int width, int height, int outWidth, int outHeight)
    {
        var horizontal = Coefficients(width, outWidth);
        var vertical = Coefficients(height, outHeight);
        byte[] rows = rgb;
        int first = 0, rowCount = height;
        if (outWidth != width)
        {
            // Only the source rows the vertical pass reads are resampled horizontally.
            first = vertical.Bounds[0].Start;
            var (lastStart, lastCount) = vertical.Bounds[outHeight - 1];
            rowCount = lastStart + lastCount - first;
            rows = new byte[rowCount * outWidth * 3];
            for (int y = 0; y < rowCount; y++)
            {
                for (int x = 0; x < outWidth; x++)
                {
                    var (start, count) = horizontal.Bounds[x];
                    for (int c = 0; c < 3; c++)
                    {
                        int sum = 1 << (PrecisionBits - 1);
                        for (int k = 0; k < count; k++) sum += rgb[((first + y) * width + start + k) * 3 + c] * horizontal.Weights[x][k];
                        rows[(y * outWidth + x) * 3 + c] = Clip(sum);
                    }
                }
            }
        }
        if (outHeight == height && first == 0) return rows;
        var output = new byte[outHeight * outWidth * 3];
        for (int y = 0; y < outHeight; y++)
        {
            var (start, count) = vertical.Bounds[y];
            start -= first;
            for (int x = 0; x < outWidth; x++)
            {
                for (int c = 0; c < 3; c++)
                {
                    int sum = 1 << (PrecisionBits - 1);
                    for (int k = 0; k < count; k++) sum += rows[((start + k) * outWidth + x) * 3 + c] * vertical.Weights[y][k];
                    output[(y * outWidth + x) * 3 + c] = Clip(sum);
                }
            }
        }
        return output;
    }

    private static byte Clip(int sum) => (byte)Math.Clamp(sum >> PrecisionBits, 0, 255);

    /// <summary>For each output pixel, the first input pixel it reads, how many, and their fixed-point weights.</summary>
    private static ((int Start, int Count)[] Bounds, int[][] Weights) Coefficients(int inSize, int outSize)
    {
        double scale = (double)inSize / outSize;
        double filterScale = Math.Max(scale, 1.0);
        double support = filterScale, inverse = 1.0 / filterScale;
        var bounds = new (int, int)[outSize];
        var weights = new int[outSize][];
        for (int i = 0; i < outSize; i++)
        {
            double center = (i + 0.5) * scale;
            int min = Math.Max((int)(center - support + 0.5), 0);
            int max = Math.Min((int)(center + support + 0.5), inSize) - min;
            var w = new double[max];
            double total = 0;
            for (int k = 0; k < max; k++)
            {
                w[k] = Triangle((k + min - center + 0.5) * inverse);
                total += w[k];
            }
            weights[i] = new int[max];
            for (int k = 0; k < max; k++)
            {
                double normalised = total != 0 ? w[k] / total : w[k];
                weights[i][k] = (int)(normalised < 0 ? -0.5 + normalised * (1 << PrecisionBits) : 0.5 + normalised * (1 << PrecisionBits));
            }
            bounds[i] = (min, max);
        }
        return (bounds, weights);
    }

    private static double Triangle(double x)
    {
        x = Math.Abs(x);
        return x < 1.0 ? 1.0 - x : 0.0;
    }
}

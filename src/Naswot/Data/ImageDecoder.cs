using SkiaSharp;

namespace Naswot.Data;

/// <summary>
/// Decodes PNG, JPEG, BMP, WebP and GIF (first frame) files to 8-bit RGB with SkiaSharp, as PIL's
/// <c>Image.open(f).convert("RGB")</c> does for torchvision's ImageFolder: grayscale and palette images expanded,
/// alpha dropped (not composited), no colour management and no EXIF rotation.
/// </summary>
internal static class ImageDecoder
{
    /// <summary>Height × width × 3 bytes, row-major, R G B.</summary>
    public static byte[] DecodeRgb(string path, out int width, out int height)
    {
        byte[] file = DataFile.ReadAll(path);
        // The codec owns the stream it is made from, and frees it.
        var stream = new SKMemoryStream(file);
        using var codec = SKCodec.Create(stream, out var opened);
        if (codec is null)
        {
            stream.Dispose();
            throw new DataException($"{path}: not a readable image ({Reason(opened)})");
        }
        width = codec.Info.Width;
        height = codec.Info.Height;
        // Unpremultiplied RGBA keeps the stored colours of transparent pixels, as PIL's convert("RGB") does.
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var rgba = new byte[info.BytesSize];
        SKCodecResult result;
        unsafe
        {
            fixed (byte* pixels = rgba) result = codec.GetPixels(info, (IntPtr)pixels);
        }
        // IncompleteInput: Skia fills the missing rows and calls it a partial success; a truncated file is an error here.
        if (result != SKCodecResult.Success)
            throw new DataException($"{path}: cannot decode the image ({Reason(result)})");
        var rgb = new byte[width * height * 3];
        for (int p = 0, q = 0; p < rgba.Length; p += 4, q += 3)
        {
            rgb[q] = rgba[p];
            rgb[q + 1] = rgba[p + 1];
            rgb[q + 2] = rgba[p + 2];
        }
        return rgb;
    }

    private static string Reason(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput => "truncated",
        SKCodecResult.Unimplemented => "an image format or variant that is not supported",
        SKCodecResult.InvalidInput or SKCodecResult.ErrorInInput => "corrupt data",
        _ => $"not PNG, JPEG, BMP, WebP or GIF: {result}",
    };
}

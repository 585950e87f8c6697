using System.Diagnostics;
using System.Globalization;

namespace Naswot.Data;

/// <summary>How an image folder's images become a batch.</summary>
public sealed record ImageFolderOptions
{
    /// <summary>Side of the square images the network takes: the shorter side is scaled to it, then the centre cut out.</summary>
    public int ImageSize { get; init; } = 32;

    /// <summary>Per-channel mean of pixel/255 (R, G, B) to normalise with; null for the batch's own.</summary>
    public float[]? Mean { get; init; }

    /// <summary>Per-channel standard deviation of pixel/255; null for the batch's own.</summary>
    public float[]? Std { get; init; }
}

/// <summary>A batch from an image folder, the dataset it stands for (its classes, image size and normalisation), and the decoding time.</summary>
/// <param name="Dataset">Named <c>image-folder-N</c> for N classes; the network's head has N outputs.</param>
/// <param name="StatisticsFromBatch">Whether the mean and std were computed from the batch's images rather than given.</param>
/// <param name="DecodeSeconds">Wall-clock seconds of reading, decoding and resizing the batch's images.</param>
public sealed record ImageFolderBatch(ImageBatch Batch, DatasetInfo Dataset, bool StatisticsFromBatch, double DecodeSeconds);

/// <summary>
/// A folder of images with one sub-folder per class, as torchvision's <c>ImageFolder</c> reads it: classes in sorted
/// order, each class's files (in its sub-folders too) in sorted order, images recognised by their extension.
/// </summary>
/// <remarks>
/// Files that are not images are skipped and named in <see cref="Skipped"/> (hidden files, whose names start with
/// a dot, are ignored). The batch is class-balanced: one image of each class in turn, the first of each class in
/// sorted order or a seeded shuffle of each, until B are taken. The batch is then put in a canonical order (by class,
/// then by pixels), so the store key, which hashes the pixels, follows the images and not their file names.
/// </remarks>
public sealed class ImageFolder
{
    /// <summary>The file extensions read as images (any case).</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".png", ".jpg", ".jpeg", ".bmp", ".webp", ".gif"];

    private readonly string[][] _files;

    private ImageFolder(string path, string[] classes, string[][] files, string[] skipped)
    {
        Path = path;
        Classes = classes;
        _files = files;
        Skipped = skipped;
        Count = files.Sum(f => f.Length);
    }

    /// <summary>The folder as given.</summary>
    public string Path { get; }

    /// <summary>Class names (the sub-folders), sorted; class i has label i.</summary>
    public IReadOnlyList<string> Classes { get; }

    /// <summary>Images found, over all classes.</summary>
    public int Count { get; }

    /// <summary>Files that are not images (by extension), with their paths: skipped, for the caller to warn about.</summary>
    public IReadOnlyList<string> Skipped { get; }

    /// <summary>Images of class <paramref name="label"/>, in sorted order.</summary>
    public IReadOnlyList<string> FilesOf(int label) => _files[label];

    /// <summary>Whether <paramref name="path"/> names an image file by its extension.</summary>
    public static bool IsImageFile(string path) =>
        Extensions.Contains(System.IO.Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>Lists the folder's classes and images; nothing is decoded yet.</summary>
    /// <exception cref="DataException">Missing, a file, no class sub-folders, one class, or a class without images: one line says which.</exception>
    public static ImageFolder Open(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (File.Exists(path))
            throw new DataException(IsImageFile(path)
                ? $"{path}: an image file; give the folder that holds one sub-folder of images per class"
                : $"{path}: a file, not an image folder (one sub-folder of images per class)");
        if (!Directory.Exists(path))
            throw new DataException($"{path}: no such file or folder");
        var skipped = new List<string>();
        string[] classFolders;
        try
        {
            classFolders = [.. Directory.GetDirectories(path).Where(d => !IsHidden(d)).Order(StringComparer.Ordinal)];
            foreach (string file in Directory.GetFiles(path).Where(f => !IsHidden(f)).Order(StringComparer.Ordinal))
            {
                if (classFolders.Length == 0 && IsImageFile(file))
                    throw new DataException($"{path}: holds images but no class sub-folders; put each class's images in a sub-folder named after the class");
                skipped.Add(file);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw DataFile.CannotRead(path, e);
        }
        if (classFolders.Length == 0)
            throw new DataException($"{path}: no class sub-folders; an image folder has one sub-folder of images per class");
        if (classFolders.Length == 1)
            throw new DataException($"{path}: one class sub-folder ('{System.IO.Path.GetFileName(classFolders[0])}'); give images of at least two classes");
        var files = new string[classFolders.Length][];
        for (int c = 0; c < classFolders.Length; c++)
        {
            files[c] = [.. ImagesUnder(classFolders[c], skipped)];
            if (files[c].Length == 0)
                throw new DataException($"{path}: class folder '{System.IO.Path.GetFileName(classFolders[c])}' holds no images ({string.Join(", ", Extensions)})");
        }
        return new ImageFolder(path, [.. classFolders.Select(System.IO.Path.GetFileName)!], files, [.. skipped]);
    }

    /// <summary>
    /// Decodes the batch's images, scales them to <see cref="ImageFolderOptions.ImageSize"/> and normalises them
    /// with the given statistics or the batch's own.
    /// </summary>
    /// <exception cref="DataException">Too few images, an image that cannot be decoded, or statistics that are not three positive numbers.</exception>
    public ImageFolderBatch Load(BatchSelection selection, ImageFolderOptions options)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(options);
        int size = options.ImageSize;
        if (size is < 1 or > 4096) throw new DataException($"image size {size}: expected 1 to 4096 pixels");
        CheckStatistics("mean", options.Mean, positive: false);
        CheckStatistics("std", options.Std, positive: true);
        if ((options.Mean is null) != (options.Std is null)) throw new DataException("give both the mean and the std, or neither (the batch's own are used then)");
        if (Count < selection.Count)
            throw new DataException($"{Path}: holds {Count} images, fewer than the batch of {selection.Count}");

        long start = Stopwatch.GetTimestamp();
        var picked = Pick(selection);
        var images = new byte[picked.Count][];
        var errors = new DataException?[picked.Count];
        Parallel.For(0, picked.Count, i =>
        {
            try
            {
                byte[] rgb = ImageDecoder.DecodeRgb(picked[i].File, out int width, out int height);
                images[i] = ImageResize.ShorterSideThenCentre(rgb, width, height, size);
            }
            catch (DataException e)
            {
                errors[i] = e;
            }
        });
        // The first failing image in batch order, whatever the threads did first.
        if (errors.FirstOrDefault(e => e is not null) is { } error) throw error;
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;

        var order = Enumerable.Range(0, picked.Count).ToArray();
        Array.Sort(order, (a, b) => picked[a].Label != picked[b].Label
            ? picked[a].Label.CompareTo(picked[b].Label)
            : images[a].AsSpan().SequenceCompareTo(images[b]));
        int imageBytes = 3 * size * size;
        var pixels = new byte[order.Length * imageBytes];
        var labels = new int[order.Length];
        for (int k = 0; k < order.Length; k++)
        {
            images[order[k]].CopyTo(pixels, k * imageBytes);
            labels[k] = picked[order[k]].Label;
        }

        bool fromBatch = options.Mean is null;
        var (mean, std) = fromBatch ? Statistics(pixels, size * size) : (options.Mean!, options.Std!);
        var dataset = new DatasetInfo($"image-folder-{Classes.Count}", Classes.Count, size, size, mean, std, HeaderBytes: 0);
        string source = string.Create(CultureInfo.InvariantCulture,
            $"folder {Path} ({Classes.Count} classes, {Count} images) {selection}, {size}x{size}, mean {Join(mean)} std {Join(std)}{(fromBatch ? " (the batch's)" : "")}");
        return new ImageFolderBatch(ImageBatch.Normalise(dataset, new RawRecords(pixels, labels), source), dataset, fromBatch, seconds);
    }

    /// <summary>One image of each class in turn, in sorted order or each class shuffled by its own stream of the seed.</summary>
    private List<(string File, int Label)> Pick(BatchSelection selection)
    {
        var queues = _files.Select((files, c) =>
        {
            if (selection.Seed is not { } seed) return files;
            string[] shuffled = [.. files];
            var random = SeededRandom.For(seed, (ulong)c);
            for (int i = shuffled.Length - 1; i > 0; i--)
            {
                int j = random.NextInt(i + 1);
                (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
            }
            return shuffled;
        }).ToArray();
        var picked = new List<(string, int)>(selection.Count);
        for (int round = 0; picked.Count < selection.Count; round++)
        {
            for (int c = 0; c < queues.Length && picked.Count < selection.Count; c++)
            {
                if (round < queues[c].Length) picked.Add((queues[c][round], c));
            }
        }
        return picked;
    }

    /// <summary>Per-channel mean and population standard deviation of pixel/255 over the batch, in doubles.</summary>
    private (float[] Mean, float[] Std) Statistics(byte[] chw, int plane)
    {
        var sum = new double[3];
        var squares = new double[3];
        long count = chw.Length / 3;
        for (int p = 0; p < chw.Length; p++)
        {
            int c = p / plane % 3;
            double v = chw[p] / 255.0;
            sum[c] += v;
            squares[c] += v * v;
        }
        var mean = new float[3];
        var std = new float[3];
        for (int c = 0; c < 3; c++)
        {
            double m = sum[c] / count;
            mean[c] = (float)m;
            std[c] = (float)Math.Sqrt(Math.Max(0, squares[c] / count - m * m));
            if (std[c] == 0) throw new DataException($"{Path}: channel {"RGB"[c]} is the same in every pixel of the batch; give --mean and --std");
        }
        return (mean, std);
    }

    private static void CheckStatistics(string name, float[]? values, bool positive)
    {
        if (values is null) return;
        if (values.Length != 3 || values.Any(v => !float.IsFinite(v) || positive && v <= 0))
            throw new DataException($"{name} {string.Join(',', values.Select(v => v.ToString(CultureInfo.InvariantCulture)))}: expected three{(positive ? " positive" : "")} numbers, R,G,B, of pixel/255");
    }

    private static string Join(float[] values) => string.Join(',', values.Select(v => v.ToString("0.####", CultureInfo.InvariantCulture)));

    private static bool IsHidden(string path) => System.IO.Path.GetFileName(path).StartsWith('.');

    /// <summary>
    /// Image files under a class folder, as torchvision walks it: folder by folder in sorted order of their paths,
    /// each folder's files sorted. Other files are added to <paramref name="skipped"/>.
    /// </summary>
    private static IEnumerable<string> ImagesUnder(string folder, List<string> skipped)
    {
        string[] folders;
        try
        {
            folders = [folder, .. Directory.GetDirectories(folder, "*", SearchOption.AllDirectories).Where(d => !IsHidden(d))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw DataFile.CannotRead(folder, e);
        }
        foreach (string directory in folders.Order(StringComparer.Ordinal))
        {
            foreach (string file in Directory.GetFiles(directory).Where(f => !IsHidden(f)).Order(StringComparer.Ordinal))
            {
                if (IsImageFile(file)) yield return file;
                else skipped.Add(file);
            }
        }
    }
}

using Naswot.Data;
using Naswot.Runtime;
using Naswot.Scoring;
using Naswot.Search;

namespace Naswot.Tests.Data;

/// <summary><see cref="ImageFolder"/>: torchvision's ImageFolder convention, decoded with SkiaSharp, resized as torchvision does.</summary>
public sealed class ImageFolderTests : IDisposable
{
    private static readonly string[] FixtureImages =
    [
        "rgb_45x30.png", "rgb_10x12.png", "gray_20x33.png", "palette_40x40.png", "rgba_17x23.png", "same_32x32.bmp",
        "photo_64x48.jpg", "anim_24x24.gif", "lossless_26x20.webp",
    ];

    private readonly TestFiles _files = new();

    [Fact]
    public void Decoding_and_resizing_give_torchvisions_bytes()
    {
        // Fixtures/images/README.md: PIL's convert("RGB") then torchvision's Resize(16) and CenterCrop(16).
        byte[] expected = TestFiles.FixtureBytes("images/expected_16.bin");
        for (int i = 0; i < FixtureImages.Length; i++)
        {
            byte[] rgb = ImageDecoder.DecodeRgb(TestFiles.Fixture("images/" + FixtureImages[i]), out int width, out int height);
            byte[] actual = ImageResize.ShorterSideThenCentre(rgb, width, height, 16);
            var want = expected.AsSpan(i * 768, 768);
            if (FixtureImages[i].EndsWith(".jpg", StringComparison.Ordinal))
            {
                // JPEG decoders may round the inverse DCT and chroma upsampling differently: within a level or two.
                for (int p = 0; p < 768; p++) Assert.InRange(actual[p] - want[p], -2, 2);
            }
            else
            {
                Assert.True(want.SequenceEqual(actual), FixtureImages[i]);
            }
        }
    }

    [Fact]
    public void The_bundled_png_folder_decodes_to_the_bundled_cifar_records()
    {
        var folder = ImageFolder.Open(Tutorial);
        Assert.Equal(["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"], folder.Classes);
        Assert.Equal(300, folder.Count);
        var cifar = Datasets.Get("cifar10");
        var options = new ImageFolderOptions { Mean = cifar.Mean, Std = cifar.Std };
        var loaded = folder.Load(BatchSelection.First(300), options);
        Assert.Equal(10, loaded.Dataset.Classes);
        Assert.False(loaded.StatisticsFromBatch);

        // Each file is named by its record's index in the CIFAR-10 file, and holds that record's label and pixels.
        var records = DataSource.LoadBundled(cifar, BatchSelection.First(1024));
        var expected = new List<(int Label, float[] Pixels)>();
        for (int c = 0; c < 10; c++)
        {
            foreach (string file in folder.FilesOf(c))
            {
                int index = int.Parse(Path.GetFileNameWithoutExtension(file), System.Globalization.CultureInfo.InvariantCulture);
                Assert.Equal(c, records.Labels[index]);
                expected.Add((c, records.Image(index).ToArray()));
            }
        }
        var actual = Enumerable.Range(0, 300).Select(i => (loaded.Batch.Labels[i], loaded.Batch.Image(i).ToArray()));
        Assert.Equal(Sorted(expected), Sorted(actual));
    }

    [Fact]
    public void The_batch_takes_each_class_in_turn_and_a_seed_draws_within_each_class()
    {
        var folder = ImageFolder.Open(Tutorial);
        var first = folder.Load(BatchSelection.First(25), new ImageFolderOptions());
        Assert.Equal([3, 3, 3, 3, 3, 2, 2, 2, 2, 2], first.Batch.Labels.CountBy(l => l).OrderBy(p => p.Key).Select(p => p.Value));
        Assert.True(first.StatisticsFromBatch);
        var random = folder.Load(BatchSelection.Random(25, 7), new ImageFolderOptions());
        var again = folder.Load(BatchSelection.Random(25, 7), new ImageFolderOptions());
        Assert.Equal(first.Batch.Labels, random.Batch.Labels);
        Assert.Equal(random.Batch.Pixels, again.Batch.Pixels);
        Assert.NotEqual(first.Batch.Pixels, random.Batch.Pixels);
    }

    [Fact]
    public void The_batchs_own_statistics_are_the_mean_and_std_of_its_pixels()
    {
        var loaded = ImageFolder.Open(Tutorial).Load(BatchSelection.First(20), new ImageFolderOptions { ImageSize = 24 });
        var batch = loaded.Batch;
        Assert.Equal((24, 24), (batch.Height, batch.Width));
        Assert.StartsWith($"folder {Tutorial} (10 classes, 300 images) first 20, 24x24, mean ", batch.Source);
        Assert.EndsWith("(the batch's)", batch.Source);
        // Normalised with the batch's own statistics, every channel has mean 0 and standard deviation 1.
        for (int c = 0; c < 3; c++)
        {
            var values = Enumerable.Range(0, batch.Count).SelectMany(i => batch.Image(i).Slice(c * 576, 576).ToArray()).Select(v => (double)v).ToList();
            double mean = values.Average();
            Assert.Equal(0, mean, 4);
            Assert.Equal(1, Math.Sqrt(values.Average(v => (v - mean) * (v - mean))), 4);
        }
    }

    [Fact]
    public void The_store_key_follows_the_pixels_not_the_file_names()
    {
        string folder = CopyOf(Tutorial, classes: 2, perClass: 5);
        string DataKey()
        {
            var loaded = ImageFolder.Open(folder).Load(BatchSelection.First(10), new ImageFolderOptions());
            var options = new ScoreOptions { Batch = BatchSelection.First(10) };
            return new ArchitectureEvaluator(SearchSpaces.Get("nb201"), loaded.Dataset, loaded.Batch, options, new RuntimeOptions(), 1).DataKey;
        }
        string before = DataKey();
        string cat = Path.Combine(folder, "automobile");
        string file = Directory.GetFiles(cat).Order(StringComparer.Ordinal).First();
        File.Move(file, Path.Combine(cat, "zz-renamed.png"));
        Assert.Equal(before, DataKey());
        File.Copy(Directory.GetFiles(Path.Combine(Tutorial, "truck"))[0], Path.Combine(cat, "zz-renamed.png"), overwrite: true);
        Assert.NotEqual(before, DataKey());
    }

    [Fact]
    public void A_file_that_is_not_an_image_is_skipped_and_named()
    {
        string folder = CopyOf(Tutorial, classes: 2, perClass: 3);
        string notes = _files.Write("copy/airplane/notes.txt", "not an image"u8.ToArray());
        _files.Write("copy/airplane/.DS_Store", [0]);
        var opened = ImageFolder.Open(folder);
        Assert.Equal([notes], opened.Skipped);
        Assert.Equal(6, opened.Count);
    }

    public static IEnumerable<object[]> BadFolders() =>
    [
        ["missing", "{0}: no such file or folder"],
        ["empty", "{0}: no class sub-folders; an image folder has one sub-folder of images per class"],
        ["one-class", "{0}: one class sub-folder ('airplane'); give images of at least two classes"],
        ["image-file", "{0}: an image file; give the folder that holds one sub-folder of images per class"],
        ["flat", "{0}: holds images but no class sub-folders; put each class's images in a sub-folder named after the class"],
        ["empty-class", "{0}: class folder 'bird' holds no images (.png, .jpg, .jpeg, .bmp, .webp, .gif)"],
        ["truncated", "{1}: cannot decode the image (truncated)"],
        ["not-png", "{1}: not a readable image ("],
        ["too-few", "{0}: holds 6 images, fewer than the batch of 8"],
    ];

    [Theory]
    [MemberData(nameof(BadFolders))]
    public void A_bad_folder_gets_one_line_naming_the_problem(string kind, string expected)
    {
        string folder = CopyOf(Tutorial, classes: 2, perClass: 3);
        string broken = Path.Combine(folder, "airplane", Path.GetFileName(Directory.GetFiles(Path.Combine(folder, "airplane")).Order(StringComparer.Ordinal).First()));
        switch (kind)
        {
            case "missing": folder = Path.Combine(_files.Folder, "absent"); break;
            case "empty": folder = Directory.CreateDirectory(Path.Combine(_files.Folder, "empty")).FullName; break;
            case "one-class": Directory.Delete(Path.Combine(folder, "automobile"), recursive: true); break;
            case "image-file": folder = broken; break;
            case "flat": folder = Path.Combine(folder, "airplane"); break;
            case "empty-class": Directory.CreateDirectory(Path.Combine(folder, "bird")); break;
            case "truncated": File.WriteAllBytes(broken, File.ReadAllBytes(broken)[..300]); break;
            case "not-png": File.WriteAllText(broken, "a text file named like an image"); break;
        }
        var e = Assert.Throws<DataException>(() => ImageFolder.Open(folder).Load(BatchSelection.First(kind == "too-few" ? 8 : 6), new ImageFolderOptions()));
        Assert.StartsWith(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, folder, broken), e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    private static string Tutorial => Path.Combine(AppContext.BaseDirectory, "data", "cifar10-png");

    /// <summary>The first <paramref name="perClass"/> images of the first <paramref name="classes"/> classes of <paramref name="source"/>.</summary>
    private string CopyOf(string source, int classes, int perClass)
    {
        string target = Path.Combine(_files.Folder, "copy");
        foreach (string folder in Directory.GetDirectories(source).Order(StringComparer.Ordinal).Take(classes))
        {
            string to = Directory.CreateDirectory(Path.Combine(target, Path.GetFileName(folder))).FullName;
            foreach (string file in Directory.GetFiles(folder).Order(StringComparer.Ordinal).Take(perClass)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
        return target;
    }

    private static List<string> Sorted(IEnumerable<(int Label, float[] Pixels)> images) =>
        [.. images.Select(i => $"{i.Label}:{string.Join(',', i.Pixels)}").Order(StringComparer.Ordinal)];

    public void Dispose() => _files.Dispose();
}

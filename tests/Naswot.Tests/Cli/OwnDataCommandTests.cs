using System.Globalization;
using System.Text.RegularExpressions;
using Naswot.Networks;

namespace Naswot.Tests.Cli;

/// <summary>Image folders, `score --onnx` and `search --export` through the command line, and the README's tutorial.</summary>
public sealed partial class OwnDataCommandTests : IDisposable
{
    private const string Cell = "|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|avg_pool_3x3~2|";
    private readonly CliRunner _cli = new();

    private static string Tutorial => Path.Combine(AppContext.BaseDirectory, "data", "cifar10-png");

    [Fact]
    public void Score_onnx_of_an_exported_architecture_is_its_score_under_the_once_rule()
    {
        string model = Path.Combine(_cli.Folder, "net.onnx");
        var (code, _, error) = CliRunner.RunWithoutStore("export", "--arch", Cell, "--out", model, "--classes", "10");
        Assert.True(code == 0, error);
        (code, string native, error) = _cli.Run("score", "--arch", Cell, "--data", Tutorial, "--batch-size", "20", "--relu-count", "once");
        Assert.True(code == 0, error);
        (code, string imported, error) = _cli.Run("score", "--onnx", model, "--data", Tutorial, "--batch-size", "20");
        Assert.True(code == 0, error);
        Assert.Equal(native.Split("  ")[0], imported.Split("  ")[0]);
        Assert.Contains("BatchNormalization in inference mode, converted to batch statistics", imported);
        Assert.Contains($"data folder {Tutorial} (10 classes, 300 images) first 20, 32x32, mean ", imported);
    }

    [Fact]
    public void Search_exports_the_best_network_for_the_folders_classes_and_says_how_to_use_it()
    {
        string model = Path.Combine(_cli.Folder, "best.onnx");
        var (code, output, error) = _cli.Run("search", "--data", Tutorial, "--n", "3", "--batch-size", "16", "--image-size", "24", "--export", model);
        Assert.True(code == 0, error);
        string best = Regex.Match(output, @"run 1: (\S+)").Groups[1].Value;
        string score = Regex.Match(output, @"  score (\S+)").Groups[1].Value;
        foreach (string expected in new[]
        {
            $"best architecture, score {score} on 10 classes of 24x24 images:", $"wrote {model}", $"  architecture: {best}",
            "  input 'images': batch×3×24×24 float; output 'logits': batch×10", "normalise images as scored: (pixel/255 - mean) / std per channel, mean [",
            $"onnx2torch.convert(\"{model}\")", $"InferenceSession(\"{model}\")", $"ApplyOnnxModel(modelFile: \"{model}\")",
        })
        {
            Assert.Contains(expected, output);
        }
        Assert.Matches(@"  parameters [\d,]+, [\d.]+ MFLOPs per image", output);
        // It loads in ONNX Runtime with any batch size.
        var network = ImportedNetwork.Load(model, 5, 24, 24);
        Assert.True(network.Relus > 0);
    }

    [Fact]
    public void A_file_that_is_not_an_image_is_skipped_with_a_warning_that_names_it()
    {
        string folder = SmallFolder();
        string notes = Path.Combine(folder, "cat", "notes.txt");
        File.WriteAllText(notes, "not an image");
        var (code, output, error) = _cli.Run("score", "--arch", Cell, "--data", folder, "--batch-size", "4");
        Assert.True(code == 0, error);
        Assert.Equal($"naswot: warning: skipped {notes}: not an image (.png, .jpg, .jpeg, .bmp, .webp, .gif)", error.Trim());
        Assert.Contains("(2 classes, 6 images) first 4", output);
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("empty")]
    [InlineData("one-class")]
    [InlineData("a-file")]
    [InlineData("truncated-image")]
    [InlineData("too-few")]
    public void A_bad_folder_is_one_line_and_exit_code_2(string kind)
    {
        string folder = SmallFolder();
        string first = Directory.GetFiles(Path.Combine(folder, "cat")).Order(StringComparer.Ordinal).First();
        switch (kind)
        {
            case "missing": folder += "-absent"; break;
            case "empty": folder = Directory.CreateDirectory(Path.Combine(_cli.Folder, "empty")).FullName; break;
            case "one-class": Directory.Delete(Path.Combine(folder, "dog"), recursive: true); break;
            case "a-file": folder = first; break;
            case "truncated-image": File.WriteAllBytes(first, File.ReadAllBytes(first)[..200]); break;
        }
        var (code, output, error) = _cli.Run("score", "--arch", Cell, "--data", folder, "--batch-size", kind == "too-few" ? "8" : "6");
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith("naswot: ", error);
    }

    [Theory]
    [InlineData("not-onnx")]
    [InlineData("truncated")]
    [InlineData("no-relu")]
    [InlineData("two-inputs")]
    [InlineData("input-too-large")]
    public void A_bad_model_is_one_line_and_exit_code_2(string kind)
    {
        string model = Path.Combine(_cli.Folder, "net.onnx");
        Assert.Equal(0, CliRunner.RunWithoutStore("export", "--arch", Cell, "--out", model).Code);
        var proto = Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(model));
        string dataset = "cifar10";
        switch (kind)
        {
            case "not-onnx": File.Copy(Directory.GetFiles(Path.Combine(Tutorial, "cat"))[0], model, overwrite: true); break;
            case "truncated": File.WriteAllBytes(model, File.ReadAllBytes(model)[..4000]); break;
            case "no-relu":
                foreach (var node in proto.Graph.Node.Where(n => n.OpType == "Relu")) node.OpType = "Identity";
                File.WriteAllBytes(model, Google.Protobuf.MessageExtensions.ToByteArray(proto));
                break;
            case "two-inputs":
                proto.Graph.Input.Add(new Onnx.ValueInfoProto { Name = "mask", Type = proto.Graph.Input[0].Type });
                File.WriteAllBytes(model, Google.Protobuf.MessageExtensions.ToByteArray(proto));
                break;
            case "input-too-large": dataset = "imagenet16-120"; break;
        }
        var (code, output, error) = _cli.Run("score", "--onnx", model, "--batch-size", "8", "--dataset", dataset);
        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Single(error.Trim().Split('\n'));
        Assert.StartsWith($"naswot: {model}: ", error);
    }

    [Fact]
    public void A_model_whose_batchnorm_was_folded_scores_with_a_warning()
    {
        string model = Path.Combine(AppContext.BaseDirectory, "Networks", "Fixtures", "pytorch_eval.onnx");
        var (code, output, error) = _cli.Run("score", "--onnx", model, "--batch-size", "8");
        Assert.True(code == 0, error);
        Assert.Contains("no BatchNormalization", output);
        Assert.StartsWith($"naswot: warning: {model}: 4 Conv nodes and no BatchNormalization: if BatchNorm was folded", error);
    }

    [Fact]
    public void The_readme_tutorial_runs_verbatim_and_prints_what_the_readme_shows()
    {
        string readme = File.ReadAllText(RepositoryFile.Find("README.md"));
        string root = Path.GetDirectoryName(RepositoryFile.Find("README.md"))!;
        var block = TutorialBlock().Match(readme);
        Assert.True(block.Success, "README has no tutorial block");
        string[] commands = [.. block.Groups["commands"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        Assert.NotEmpty(commands);
        const string Prefix = "dotnet run --project src/Naswot.Cli -c Release -- ";
        string all = "";
        foreach (string command in commands)
        {
            Assert.StartsWith(Prefix, command);
            // Paths as a fresh clone has them: data from the repository root, files written to a folder of the test's own.
            string[] args = [.. command[Prefix.Length..].Split(' ').Select(a =>
                a.EndsWith(".onnx", StringComparison.Ordinal) ? Path.Combine(_cli.Folder, a) : a.StartsWith("data/", StringComparison.Ordinal) ? Path.Combine(root, a) : a)];
            var (code, output, error) = _cli.Run(args);
            Assert.True(code == 0, $"{command}: {error}");
            all += output.Replace(_cli.Folder + "/", "", StringComparison.Ordinal).Replace(root + "/", "", StringComparison.Ordinal);
        }
        // Every line the README shows, but the timings, is in the output.
        foreach (string line in block.Groups["output"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!Timing().IsMatch(line)) Assert.Contains(line.TrimEnd(), all);
        }
        var scores = Regex.Matches(all, @"^(?:  score )?(\d+\.\d{3})(?:  best\.onnx)?$", RegexOptions.Multiline).Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(2, scores.Count);
        Assert.Equal(scores[0], scores[1]);
    }

    [GeneratedRegex(@"<!-- tutorial begins -->\s*```sh\n(?<commands>.*?)```\s*```\n(?<output>.*?)```\s*<!-- tutorial ends -->", RegexOptions.Singleline)]
    private static partial Regex TutorialBlock();

    [GeneratedRegex(@"\d s\b|wall-clock")]
    private static partial Regex Timing();

    /// <summary>Three images of two classes of the bundled folder.</summary>
    private string SmallFolder()
    {
        string folder = Path.Combine(_cli.Folder, "images");
        foreach (string name in new[] { "cat", "dog" })
        {
            string to = Directory.CreateDirectory(Path.Combine(folder, name)).FullName;
            foreach (string file in Directory.GetFiles(Path.Combine(Tutorial, name)).Order(StringComparer.Ordinal).Take(3)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
        return folder;
    }

    public void Dispose() => _cli.Dispose();
}

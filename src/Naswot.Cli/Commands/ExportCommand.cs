using System.CommandLine;
using System.Globalization;
using Naswot.Data;
using Naswot.Networks;

namespace Naswot.Cli.Commands;

/// <summary>
/// `naswot export`: an architecture of any registered space as an ONNX model to train elsewhere: its initialised
/// weights, BatchNorm in inference mode, and an input of any batch size.
/// </summary>
internal static class ExportCommand
{
    public static Command Create(ConsoleIo io)
    {
        var settings = new SettingOptions(withProxies: false);
        var space = new Option<string>("--space") { Description = $"Search space: {string.Join(", ", SearchSpaces.All.Select(s => s.Name))}", DefaultValueFactory = _ => "nb201" };
        var arch = new Option<string?>("--arch") { Description = "The architecture, in the space's text form" };
        var output = new Option<string?>("--out") { Description = "The ONNX file to write" };
        var dataset = new Option<string>("--dataset") { Description = "Image shape and class count of this dataset: " + string.Join(", ", Datasets.All.Select(d => d.Name)), DefaultValueFactory = _ => "cifar10" };
        var classes = new Option<int?>("--classes") { Description = "Outputs of the classifier (default: the dataset's classes)" };
        var imageSize = new Option<int?>("--image-size") { Description = "Side of the square input images (default: the dataset's)" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the initial weights", DefaultValueFactory = _ => 1UL };
        var command = new Command("export", "Write an architecture as an ONNX model with initial weights, inference-mode BatchNorm and any batch size");
        foreach (var option in new Option[] { space, arch, output, dataset, classes, imageSize, seed }) command.Options.Add(option);
        settings.AddTo(command);
        command.SetAction(p =>
        {
            var registered = SearchSpaces.Get(p.GetValue(space)!);
            string path = CheckPath(p.GetValue(output), "--out");
            var spaceSettings = settings.ForSpace(p, registered);
            string architecture = registered.Canonicalize(p.GetValue(arch) ?? throw new NaswotException("--arch: give the architecture to export"), spaceSettings);
            var data = Datasets.Get(p.GetValue(dataset)!);
            var shape = NetworkShape.Of(data);
            if (p.GetValue(classes) is { } count)
                shape = count is >= 1 and <= 1_000_000 ? shape with { Classes = count } : throw new NaswotException($"--classes {count}: expected 1..1000000");
            if (p.GetValue(imageSize) is { } size)
                shape = size is >= 1 and <= 4096 ? shape with { Height = size, Width = size } : throw new NaswotException($"--image-size {size}: expected 1..4096");
            Write(io.Output, registered, architecture, registered.NetworkSettings(spaceSettings), shape, p.GetValue(seed), path, data);
            return 0;
        });
        return command;
    }

    /// <summary>The ONNX file name an option gives, checked before any work: a .onnx name in a folder that exists.</summary>
    public static string CheckPath(string? path, string option)
    {
        if (path is null) throw new NaswotException($"{option}: give the ONNX file to write");
        if (!path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)) throw new NaswotException($"{option} {path}: expected a .onnx file name");
        string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
        if (folder is null || !Directory.Exists(folder)) throw new NaswotException($"{option} {path}: folder {folder} does not exist");
        return path;
    }

    /// <summary>Builds the architecture's network for <paramref name="shape"/>, writes it for inference, and says what was written and how to use it.</summary>
    /// <param name="data">The images the network is for: their normalisation is printed.</param>
    public static void Write(TextWriter o, RegisteredSpace registered, string architecture, SettingValues network, NetworkShape shape, ulong seed, string path, DatasetInfo data)
    {
        var graph = registered.Networks.Build(architecture, new NetworkSpec(shape, 1, seed, network)).ForInference();

        // Written beside the target, then moved over it: an interrupted export never leaves half a file.
        string partial = path + ".partial";
        try
        {
            File.WriteAllBytes(partial, graph.ToOnnxBytes());
            File.Move(partial, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(partial);
            throw Errors.OutputException.Writing($"--out {path}", e);
        }

        string? id = registered.Space.Identify(architecture);
        string Numbers(float[] values) => string.Join(", ", values.Select(v => v.ToString("0.####", CultureInfo.InvariantCulture)));
        o.WriteLine($"wrote {path}");
        o.WriteLine($"  architecture: {architecture}{(id is null ? "" : $" ({id})")}");
        o.WriteLine($"  space {registered.Name}{(network.Canonical.Length == 0 ? "" : $" ({network.Describe()})")}, init seed {seed}");
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  parameters {graph.Parameters:N0}, {graph.FlopsPerImage / 1e6:F1} MFLOPs per image"));
        o.WriteLine($"  input '{NetworkGraph.InputName}': {NetworkGraph.BatchDimension}×{shape.Channels}×{shape.Height}×{shape.Width} float; output '{NetworkGraph.LogitsName}': {NetworkGraph.BatchDimension}×{shape.Classes}");
        o.WriteLine($"  normalise images as scored: (pixel/255 - mean) / std per channel, mean [{Numbers(data.Mean)}], std [{Numbers(data.Std)}]");
        o.WriteLine("  BatchNorm in inference mode, running mean 0 and variance 1 (PyTorch's initial statistics): train before use; ONNX opset 17");
        o.WriteLine($"  PyTorch:      model = onnx2torch.convert(\"{path}\")  (pip install onnx2torch), then train it");
        o.WriteLine($"  ONNX Runtime: onnxruntime.InferenceSession(\"{path}\"); C#: new InferenceSession(\"{path}\")");
        o.WriteLine($"  ML.NET:       mlContext.Transforms.ApplyOnnxModel(modelFile: \"{path}\")");
    }
}

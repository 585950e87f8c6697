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
        var seed = new Option<ulong>("--seed") { Description = "Seed of the initial weights", DefaultValueFactory = _ => 1UL };
        var command = new Command("export", "Write an architecture as an ONNX model with initial weights, inference-mode BatchNorm and any batch size");
        foreach (var option in new Option[] { space, arch, output, dataset, classes, seed }) command.Options.Add(option);
        settings.AddTo(command);
        command.SetAction(p =>
        {
            var registered = SearchSpaces.Get(p.GetValue(space)!);
            string path = p.GetValue(output) ?? throw new NaswotException("--out: give the ONNX file to write");
            if (!path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase)) throw new NaswotException($"--out {path}: expected a .onnx file name");
            string? folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is null || !Directory.Exists(folder)) throw new NaswotException($"--out {path}: folder {folder} does not exist");
            var spaceSettings = settings.ForSpace(p, registered);
            string architecture = registered.Canonicalize(p.GetValue(arch) ?? throw new NaswotException("--arch: give the architecture to export"), spaceSettings);
            var shape = NetworkShape.Of(Datasets.Get(p.GetValue(dataset)!));
            if (p.GetValue(classes) is { } count)
                shape = count is >= 1 and <= 1_000_000 ? shape with { Classes = count } : throw new NaswotException($"--classes {count}: expected 1..1000000");
            var network = registered.NetworkSettings(spaceSettings);
            var graph = registered.Networks.Build(architecture, new NetworkSpec(shape, 1, p.GetValue(seed), network)).ForInference();

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

            var o = io.Output;
            string? id = registered.Space.Identify(architecture);
            o.WriteLine($"wrote {path}");
            o.WriteLine($"  architecture: {architecture}{(id is null ? "" : $" ({id})")}");
            o.WriteLine($"  space {registered.Name}{(network.Canonical.Length == 0 ? "" : $" ({network.Describe()})")}, init seed {p.GetValue(seed)}");
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  parameters {graph.Parameters:N0}, {graph.FlopsPerImage / 1e6:F1} MFLOPs per image"));
            o.WriteLine($"  input '{NetworkGraph.InputName}': {NetworkGraph.BatchDimension}×{shape.Channels}×{shape.Height}×{shape.Width} float, normalised as the dataset's images; output '{NetworkGraph.LogitsName}': {NetworkGraph.BatchDimension}×{shape.Classes}");
            o.WriteLine("  BatchNorm in inference mode, running mean 0 and variance 1 (PyTorch's initial statistics); ONNX opset 17");
            o.WriteLine("  load: onnx2torch.convert(path) in PyTorch; InferenceSession(path) in ONNX Runtime; ApplyOnnxModel in ML.NET");
            return 0;
        });
        return command;
    }
}

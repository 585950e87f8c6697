using Google.Protobuf;
using Naswot.Data;
using Naswot.Networks;
using Naswot.Runtime;
using Naswot.Scoring;
using Naswot.Scoring.Proxies;
using Naswot.Tests.Data;
using Onnx;
using Xunit.Abstractions;

namespace Naswot.Tests.Networks;

/// <summary>
/// <see cref="ImportedNetwork"/>: any ONNX model scored with each Relu node counted once and BatchNorm on batch statistics.
/// </summary>
public sealed class ImportedNetworkTests(ITestOutputHelper output) : IDisposable
{
    private const int BatchSize = 16;
    private readonly TestFiles _files = new();

    public static IEnumerable<object[]> Spaces() => SearchSpaces.All.Select(s => new object[] { s.Name });

    [Theory]
    [MemberData(nameof(Spaces))]
    public void A_network_naswot_exported_scores_as_its_native_network_under_the_once_rule(string spaceName)
    {
        var space = SearchSpaces.Get(spaceName);
        var batch = DataSource.LoadBundled(TestFiles.Cifar10, BatchSelection.First(BatchSize));
        var spec = new NetworkSpec(NetworkShape.Of(TestFiles.Cifar10), BatchSize, 1, space.NetworkSettings(SettingValues.None));
        using var scorer = new NetworkScorer(batch, new NaswotProxy(ReluCount.Once), new RuntimeOptions { IntraOpThreads = 1 });
        var random = new SeededRandom(11);
        int compared = 0, leftOut = 0;
        double worst = 0;
        // Exported networks leave out ops that only a `none` op reads (they are multiplied by zero), so their ReLUs,
        // which the native network counts, are not in the file; such networks are drawn past, and counted.
        for (int i = 0; compared < 3 && i < 30; i++)
        {
            string architecture = space.Space.Sample(random);
            var native = space.Networks.Build(architecture, spec);
            string file = _files.Write($"{spaceName}-{i}.onnx", native.ForInference().ToOnnxBytes());
            var imported = ImportedNetwork.Load(file, BatchSize, 32, 32);
            Assert.Equal(0, imported.TrainingBatchNorms);
            Assert.True(imported.ConvertedBatchNorms > 0);
            if (imported.Relus != native.Taps.Sum(t => t.Relus))
            {
                Assert.True(imported.Relus < native.Taps.Sum(t => t.Relus));
                leftOut++;
                continue;
            }
            double expected = scorer.Score(native).Score, actual = scorer.Score(imported.Graph).Score;
            double relative = Math.Abs(actual - expected) / Math.Abs(expected);
            Assert.True(relative <= 1e-6, $"{architecture}: native {expected}, imported {actual}");
            worst = Math.Max(worst, relative);
            compared++;
        }
        output.WriteLine($"{spaceName}: {compared} architectures, max relative difference {worst:E2}; {leftOut} drawn past");
        Assert.Equal(3, compared);
    }

    [Fact]
    public void A_model_in_inference_mode_scores_as_its_training_mode_twin()
    {
        var (inference, training) = Twins();
        var batch = DataSource.LoadBundled(TestFiles.Cifar10, BatchSelection.First(BatchSize));
        var a = ImportedNetwork.Load(inference, BatchSize, 32, 32);
        var b = ImportedNetwork.Load(training, BatchSize, 32, 32);
        Assert.Equal((0, a.ConvertedBatchNorms), (b.ConvertedBatchNorms, b.TrainingBatchNorms));
        Assert.Contains("in inference mode, converted to batch statistics", a.Describe());
        Assert.Contains("in training mode, used as they are", b.Describe());
        Assert.Equal(Score(batch, a), Score(batch, b));
    }

    [Fact]
    public void A_network_pytorch_exported_in_training_mode_scores_as_pytorch_computes_it()
    {
        // Fixtures/README.md: the NASWOT hook logic on PyTorch's own forward pass, first 32 bundled CIFAR-10 images.
        const double PyTorch = 300.1464955291978;
        var batch = DataSource.LoadBundled(TestFiles.Cifar10, BatchSelection.First(32));
        var imported = ImportedNetwork.Load(Fixture("pytorch_train.onnx"), 32, 32, 32);
        Assert.Equal(4, imported.Relus);
        Assert.Equal(4, imported.TrainingBatchNorms);
        Assert.Equal("input 'input' batch×3×32×32 (NCHW); 4 Relu nodes counted once each over 4 tensors; 4 BatchNormalization in training mode, used as they are (batch statistics)", imported.Describe());
        double score = Score(batch, imported);
        output.WriteLine($"ours {score:R}, PyTorch {PyTorch:R}, relative difference {Math.Abs(score - PyTorch) / PyTorch:E2}");
        Assert.Equal(PyTorch, score, PyTorch * 1e-6);
    }

    [Fact]
    public void A_model_whose_batchnorm_was_folded_scores_with_a_warning()
    {
        var imported = ImportedNetwork.Load(Fixture("pytorch_eval.onnx"), BatchSize, 32, 32);
        Assert.Equal((0, 0), (imported.TrainingBatchNorms, imported.ConvertedBatchNorms));
        Assert.Contains(imported.Warnings, w => w.StartsWith("4 Conv nodes and no BatchNormalization", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(14)]
    [InlineData(18)]
    [InlineData(ImportedNetwork.MaxOpset)]
    public void Every_supported_opset_gets_batch_statistics_in_its_own_form(int opset)
    {
        // Opset 18 moved the reductions' axes from an attribute to an input; the exported graph is valid either way.
        var model = Exported("|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|avg_pool_3x3~2|");
        string reference = _files.Write("opset17.onnx", model.ToByteArray());
        model.OpsetImport[0].Version = opset;
        string path = _files.Write($"opset{opset}.onnx", model.ToByteArray());
        var imported = ImportedNetwork.Load(path, BatchSize, 32, 32);
        var reduce = imported.Graph.Model.Graph.Node.First(n => n.OpType == "ReduceMean");
        Assert.Equal(opset >= 18 ? 2 : 1, reduce.Input.Count);
        var batch = DataSource.LoadBundled(TestFiles.Cifar10, BatchSelection.First(BatchSize));
        Assert.Equal(Score(batch, ImportedNetwork.Load(reference, BatchSize, 32, 32)), Score(batch, imported));
    }

    [Fact]
    public void A_channels_last_input_gets_the_images_transposed()
    {
        var model = Exported("|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|avg_pool_3x3~2|");
        string nchw = _files.Write("nchw.onnx", model.ToByteArray());
        var graph = model.Graph;
        var input = graph.Input[0];
        input.Name = "pixels";
        var dims = input.Type.TensorType.Shape.Dim;
        (dims[1], dims[2], dims[3]) = (dims[2], dims[3], dims[1]);
        var transpose = new NodeProto { OpType = "Transpose", Name = "to_nchw" };
        transpose.Input.Add("pixels");
        transpose.Output.Add(NetworkGraph.InputName);
        transpose.Attribute.Add(OnnxGraphBuilder.Ints("perm", 0, 3, 1, 2));
        graph.Node.Insert(0, transpose);
        string nhwc = _files.Write("nhwc.onnx", model.ToByteArray());

        var batch = DataSource.LoadBundled(TestFiles.Cifar10, BatchSelection.First(BatchSize));
        var imported = ImportedNetwork.Load(nhwc, BatchSize, 32, 32);
        Assert.Equal(("pixels", "NHWC", "batch×32×32×3"), (imported.InputName, imported.Layout, imported.InputShape));
        Assert.Equal(Score(batch, ImportedNetwork.Load(nchw, BatchSize, 32, 32)), Score(batch, imported));
    }

    [Fact]
    public void Weights_stored_beside_the_model_are_read_and_missing_ones_named()
    {
        var model = Exported("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|");
        string inline = _files.Write("inline.onnx", model.ToByteArray());
        var weight = model.Graph.Initializer.First(t => t.RawData.Length > 1000);
        _files.Write("weights.bin", [1, 2, 3, .. weight.RawData.ToByteArray()]);
        weight.DataLocation = TensorProto.Types.DataLocation.External;
        weight.ExternalData.Add(new StringStringEntryProto { Key = "location", Value = "weights.bin" });
        weight.ExternalData.Add(new StringStringEntryProto { Key = "offset", Value = "3" });
        weight.ExternalData.Add(new StringStringEntryProto { Key = "length", Value = weight.RawData.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        weight.RawData = ByteString.Empty;
        string external = _files.Write("external.onnx", model.ToByteArray());

        var batch = DataSource.LoadBundled(TestFiles.Cifar10, BatchSelection.First(BatchSize));
        Assert.Equal(Score(batch, ImportedNetwork.Load(inline, BatchSize, 32, 32)), Score(batch, ImportedNetwork.Load(external, BatchSize, 32, 32)));
        File.Delete(Path.Combine(_files.Folder, "weights.bin"));
        var e = Assert.Throws<ModelException>(() => ImportedNetwork.Load(external, BatchSize, 32, 32));
        Assert.Equal($"{external}: initializer '{weight.Name}' is stored in 'weights.bin', which is not beside the model", e.Message);
    }

    [Fact]
    public void Other_activations_are_refused_ignored_or_counted_never_silently_dropped()
    {
        var model = Exported("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|");
        int relus = model.Graph.Node.Count(n => n.OpType == "Relu");
        model.Graph.Node.First(n => n.OpType == "Relu").OpType = "LeakyRelu";
        string path = _files.Write("leaky.onnx", model.ToByteArray());

        var e = Assert.Throws<ModelException>(() => ImportedNetwork.Load(path, BatchSize, 32, 32));
        Assert.Equal($"{path}: has 1 LeakyRelu besides {relus - 1} Relu; NASWOT's codes are ReLU codes: choose to ignore them or count their input signs too", e.Message);
        var ignored = ImportedNetwork.Load(path, BatchSize, 32, 32, new ImportOptions { OtherActivations = OtherActivations.Ignore });
        Assert.Equal(["not counted: 1 LeakyRelu"], ignored.Warnings);
        Assert.Equal(relus - 1, ignored.Graph.Taps.Sum(t => t.Relus));
        var counted = ImportedNetwork.Load(path, BatchSize, 32, 32, new ImportOptions { OtherActivations = OtherActivations.Count });
        Assert.Empty(counted.Warnings);
        Assert.Equal(relus, counted.Graph.Taps.Sum(t => t.Relus));
    }

    public static IEnumerable<object[]> BadModels() =>
    [
        ["not-onnx", "{0}: not an ONNX model"],
        ["truncated", "{0}: not an ONNX model, or a truncated one"],
        ["no-relu", "{0}: no Relu node; NASWOT scores the binary codes of ReLU inputs"],
        ["two-inputs", "{0}: 2 inputs ('images', 'mask'); expected one image input"],
        ["too-large", "{0}: input 'images' is batch×3×32×32 (NCHW) but the images are 3×16×16; give data of 32×32 images (--image-size for an image folder)"],
        ["fixed-batch", "{0}: input 'images' is 8×3×32×32: a fixed batch of 8, but the batch holds 16 images; use --batch-size 8 or export with a dynamic batch axis"],
        ["gray", "{0}: input 'images' is batch×1×32×32: neither 3 channels first nor last; the images are RGB"],
        ["old-opset", "{0}: ONNX opset 5 is not supported; expected 7 to 23 (re-export with another opset_version)"],
        ["missing", "{0}: no such file"],
    ];

    [Theory]
    [MemberData(nameof(BadModels))]
    public void A_bad_model_gets_one_line_naming_the_problem(string kind, string expected)
    {
        string path = BadModel(kind);
        int size = kind == "too-large" ? 16 : 32;
        var e = Assert.Throws<ModelException>(() => ImportedNetwork.Load(path, BatchSize, size, size));
        Assert.StartsWith(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, path), e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    private string BadModel(string kind)
    {
        var model = Exported("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|");
        var input = model.Graph.Input[0];
        switch (kind)
        {
            case "not-onnx": return _files.Write("notes.onnx", System.Text.Encoding.UTF8.GetBytes("these are not the weights you are looking for\n"));
            case "truncated": return _files.Write("truncated.onnx", model.ToByteArray()[..5000]);
            case "missing": return Path.Combine(_files.Folder, "absent.onnx");
            case "no-relu":
                foreach (var relu in model.Graph.Node.Where(n => n.OpType == "Relu")) relu.OpType = "Identity";
                break;
            case "two-inputs":
                model.Graph.Input.Add(new ValueInfoProto { Name = "mask", Type = input.Type.Clone() });
                break;
            case "fixed-batch":
                input.Type.TensorType.Shape.Dim[0] = new TensorShapeProto.Types.Dimension { DimValue = 8 };
                break;
            case "gray":
                input.Type.TensorType.Shape.Dim[1] = new TensorShapeProto.Types.Dimension { DimValue = 1 };
                break;
            case "old-opset":
                model.OpsetImport[0].Version = 5;
                break;
        }
        return _files.Write(kind + ".onnx", model.ToByteArray());
    }

    /// <summary>An NB201 network as `naswot export` writes it: inference-mode BatchNorm, any batch size.</summary>
    private static ModelProto Exported(string cell)
    {
        var space = SearchSpaces.Get("nb201");
        var spec = new NetworkSpec(NetworkShape.Of(TestFiles.Cifar10), 1, 1, space.NetworkSettings(SettingValues.None));
        return space.Networks.Build(cell, spec).ForInference().Model;
    }

    /// <summary>The same network with inference-mode BatchNorm, and with every BatchNorm in training mode (opset 17's attribute and outputs).</summary>
    private (string Inference, string Training) Twins()
    {
        var model = Exported("|nor_conv_3x3~0|+|nor_conv_1x1~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_3x3~1|none~2|");
        string inference = _files.Write("inference.onnx", model.ToByteArray());
        foreach (var node in model.Graph.Node.Where(n => n.OpType == "BatchNormalization"))
        {
            node.Attribute.Add(OnnxGraphBuilder.Int("training_mode", 1));
            node.Output.Add(node.Output[0] + ".new_running_mean");
            node.Output.Add(node.Output[0] + ".new_running_var");
        }
        return (inference, _files.Write("training.onnx", model.ToByteArray()));
    }

    private static double Score(ImageBatch batch, ImportedNetwork network)
    {
        using var scorer = new NetworkScorer(batch, new NaswotProxy(ReluCount.Once), new RuntimeOptions { IntraOpThreads = 1 });
        return scorer.Score(network.Graph).Score;
    }

    private static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Networks", "Fixtures", name);

    public void Dispose() => _files.Dispose();
}

using System.Diagnostics;
using Naswot.Data;
using Naswot.Networks;
using Naswot.Tests.Data;

namespace Naswot.Tests.Networks;

/// <summary>The ONNX project's own checker on exported networks, where Debian's python3-onnx is installed (.ci/run installs it).</summary>
public sealed class OnnxCheckerTests : IDisposable
{
    private readonly TestFiles _files = new();

    [OnnxCheckerFact]
    public void Exported_networks_of_every_space_pass_the_onnx_checker()
    {
        var random = new SeededRandom(5);
        foreach (var space in SearchSpaces.All)
        {
            string architecture = space.Space.Sample(random);
            var spec = new NetworkSpec(NetworkShape.Of(TestFiles.Cifar10) with { Classes = 7 }, 1, 1, space.NetworkSettings(SettingValues.None));
            string path = _files.Write(space.Name + ".onnx", space.Networks.Build(architecture, spec).ForInference().ToOnnxBytes());
            var (code, output) = OnnxChecker.Check(path);
            Assert.True(code == 0, $"{space.Name} {architecture}: {output}");
        }
    }

    public void Dispose() => _files.Dispose();
}

/// <summary>Runs <c>onnx.checker.check_model(full_check=True)</c> in Debian's Python.</summary>
internal static class OnnxChecker
{
    private const string Python = "/usr/bin/python3";

    public static bool Available { get; } = File.Exists(Python) && Run("import onnx").Code == 0;

    public static (int Code, string Output) Check(string path) =>
        Run($"import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)", path);

    private static (int Code, string Output) Run(string code, params string[] args)
    {
        var start = new ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(code);
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }
}

/// <summary>A fact that needs python3-onnx, skipped with the reason where it is absent.</summary>
internal sealed class OnnxCheckerFactAttribute : FactAttribute
{
    public OnnxCheckerFactAttribute()
    {
        if (!OnnxChecker.Available) Skip = "Debian's python3-onnx is not installed (apt-get install python3-onnx); the ONNX checker cannot run";
    }
}

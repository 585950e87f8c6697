using Naswot.Cli;

namespace Naswot.Tests.Cli;

/// <summary>Runs the `naswot` command line in-process with a private score store.</summary>
internal sealed class CliRunner : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("naswot-cli-").FullName;

    public string StorePath => Path.Combine(_folder, "scores.db");

    public string Folder => _folder;

    public (int Code, string Output, string Error) Run(params string[] args) => RunWithoutStore([.. args, "--store", StorePath]);

    /// <summary>The command line as given, for commands that score nothing and so take no store (sample, mutate).</summary>
    public static (int Code, string Output, string Error) RunWithoutStore(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = NaswotCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

using Naswot.Data;

namespace Naswot.Tests.Data;

/// <summary>Paths to fixtures and bundled data, and a scratch folder for files that must be broken.</summary>
public sealed class TestFiles : IDisposable
{
    public static DatasetInfo Cifar10 => Datasets.Get("cifar10");

    public static DatasetInfo Cifar100 => Datasets.Get("cifar100");

    public static DatasetInfo ImageNet16 => Datasets.Get("imagenet16-120");

    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Data", "Fixtures", name);

    public static byte[] FixtureBytes(string name) => File.ReadAllBytes(Fixture(name));

    public string Folder { get; } = Directory.CreateTempSubdirectory("naswot-data-").FullName;

    public string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(Folder, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}

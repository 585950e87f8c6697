using Naswot.Data;

namespace Naswot.Tests.Data;

public class DatasetsTests
{
    [Theory]
    [InlineData("cifar10", 10, 32, 125.3, 63.0)]
    [InlineData("cifar100", 100, 32, 129.3, 68.2)]
    [InlineData("imagenet16-120", 120, 16, 122.68, 63.22)]
    [InlineData("ImageNet16-120", 120, 16, 122.68, 63.22)]
    public void Get_KnownName_HasShapeAndStatistics(string name, int classes, int side, double redMean, double redStd)
    {
        var dataset = Datasets.Get(name);

        Assert.Equal(classes, dataset.Classes);
        Assert.Equal((side, side, 3), (dataset.Height, dataset.Width, dataset.Channels));
        Assert.Equal((float)(redMean / 255), dataset.Mean[0]);
        Assert.Equal((float)(redStd / 255), dataset.Std[0]);
    }

    [Fact]
    public void All_HoldsTheThreeNb201Datasets() =>
        Assert.Equal(["cifar10", "cifar100", "imagenet16-120"], Datasets.All.Select(d => d.Name));

    [Fact]
    public void Get_UnknownName_ListsValidNames()
    {
        var error = Assert.Throws<UnknownNameException>(() => Datasets.Get("mnist"));

        Assert.Contains("'mnist'", error.Message);
        Assert.Contains("cifar10, cifar100, imagenet16-120", error.Message);
    }
}

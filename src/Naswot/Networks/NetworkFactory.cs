using Naswot.Data;
using Naswot.Spaces;

namespace Naswot.Networks;

/// <summary>Builds the initialised network of an architecture of any known space, shaped for a dataset.</summary>
public static class NetworkFactory
{
    public static NetworkGraph Build(ISearchSpace space, string architecture, DatasetInfo dataset, int batchSize, ulong initSeed) => space switch
    {
        Nb201Space => Nb201Network.Build(Nb201Cell.Parse(architecture), OptionsFor(dataset), batchSize, initSeed),
        _ => throw new NaswotException($"no network builder for search space '{space.Name}'"),
    };

    /// <summary>NB201 networks take the dataset's image size (16×16 on ImageNet16-120) and class count.</summary>
    public static Nb201NetworkOptions OptionsFor(DatasetInfo dataset)
    {
        if (dataset.Height != dataset.Width)
            throw new NaswotException($"dataset '{dataset.Name}': NB201 networks need square images, got {dataset.Height}x{dataset.Width}");
        return new Nb201NetworkOptions { Classes = dataset.Classes, ImageSize = dataset.Height };
    }
}
